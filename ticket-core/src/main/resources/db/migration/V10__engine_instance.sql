-- Several server instances share one database (issue 17). Each one that runs the engines beats
-- here every few seconds; an outbox row claimed by an instance whose beat is older than the
-- dead_after it declared can be claimed by another at once, instead of waiting for the row's lease.
-- Times are the database's own clock (clock_timestamp()), so the instances' clocks need not agree.
CREATE TABLE engine_instance (
  worker      text PRIMARY KEY,
  started_at  timestamptz NOT NULL,
  seen_at     timestamptz NOT NULL,
  dead_after  interval NOT NULL CHECK (dead_after > interval '0')
);

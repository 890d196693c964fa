-- Issue 13, a page storm stays humane: the person-level step between a request's page chain and the
-- provider sends. When a send to a person may not go out now (another request already waits for them,
-- a call to them is under way, or a rate limit of the channel is reached), the chain records that the
-- request wants that person paged (a row here) instead of sending; one grouped send to the person (an
-- outbox row of kind page_person) later covers every request waiting for them. Nothing is dropped:
-- a wait stays here until a grouped send covers it or its request is no longer open.
CREATE TABLE page_wait (
  id                bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  oncall_request_id bigint NOT NULL REFERENCES oncall_request (id),
  ticket_number     text COLLATE "C" NOT NULL,
  step              integer,             -- the chain's follow-up, null for a first page or a new message
  channel           text NOT NULL CONSTRAINT page_wait_channel_check CHECK (channel IN ('sms', 'voice')),
  person_id         text NOT NULL,       -- the rota's technician id, or 'last-resort'
  person_name       text NOT NULL,
  person_phone      text NOT NULL,
  person_role       text NOT NULL,       -- ON_DUTY, BACKUP, LAST_RESORT
  wanted_at         timestamptz NOT NULL,
  covered_by        bigint REFERENCES outbox (id),  -- the grouped send (page_person row) that covers it
  covered_at        timestamptz
);

-- What a grouped send looks for: the waits of one person on one channel not covered yet.
CREATE INDEX page_wait_waiting_idx ON page_wait (person_phone, channel) WHERE covered_by IS NULL;
CREATE INDEX page_wait_covered_by_idx ON page_wait (covered_by) WHERE covered_by IS NOT NULL;
CREATE INDEX page_wait_request_idx ON page_wait (oncall_request_id);

-- The rate limits count the sends to one number on one channel over their longest period (page_attempt).
CREATE INDEX IF NOT EXISTS page_attempt_phone_channel_idx ON page_attempt (recipient_phone, channel, created_at);

ALTER TABLE page_wait SET (autovacuum_vacuum_scale_factor = 0, autovacuum_vacuum_threshold = 2000,
                           autovacuum_analyze_scale_factor = 0, autovacuum_analyze_threshold = 2000);

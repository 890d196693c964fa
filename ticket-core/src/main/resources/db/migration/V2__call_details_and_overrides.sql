-- What a call record needs beyond V1: the instant a dry run was judged at, the call-back number
-- and message it collected, and the outcome's detail (queue, request, reason, step or level).
ALTER TABLE call_record
  ADD COLUMN judged_at       timestamptz,
  ADD COLUMN callback_number text,
  ADD COLUMN message_file    text,
  ADD COLUMN outcome_detail  text;

-- The line's manual override is the latest 'override_set' / 'override_cleared' entry of the audit
-- log; every call reads it, so it must be one index probe.
CREATE INDEX audit_log_kind_idx ON audit_log (kind, id);

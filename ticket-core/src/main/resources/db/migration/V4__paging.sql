-- Paging (voicemail-bridge, package paging): every SMS and call placed for an outbox row, the
-- breach of the take-charge window, and a notification so that an idle engine wakes at once.
-- V3 is reserved for the escalation engine.

-- One row per message sent (or being sent) to one person on one channel for one outbox row.
-- part_key identifies the send across retries: a retry of the outbox row skips parts already
-- accepted, and a part left 'sending' by a crash is resent with the same idempotency token.
CREATE TABLE page_attempt (
  id                bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  outbox_id         bigint NOT NULL REFERENCES outbox (id),
  outbox_kind       text NOT NULL,
  part_key          text NOT NULL CONSTRAINT page_attempt_part_key_key UNIQUE,
  idempotency_token text NOT NULL,
  oncall_request_id bigint REFERENCES oncall_request (id),
  ticket_number     text COLLATE "C",      -- as the payload says; may be unknown (orphan page)
  channel           text NOT NULL CONSTRAINT page_attempt_channel_check CHECK (channel IN ('sms', 'voice')),
  recipient_name    text,
  recipient_phone   text NOT NULL,
  provider          text NOT NULL,         -- twilio | log
  provider_sid      text,
  -- What we know of the send: sending (token written, answer not yet recorded), accepted,
  -- failed (retryable: resent by the next attempt), rejected (permanent: not resent).
  status            text NOT NULL CONSTRAINT page_attempt_status_check
                    CHECK (status IN ('sending', 'accepted', 'failed', 'rejected')),
  delivery_status   text,                  -- Twilio's status callback: delivered, undelivered, no-answer...
  answered_by       text,
  error             text,
  created_at        timestamptz NOT NULL,
  updated_at        timestamptz NOT NULL
);
CREATE INDEX page_attempt_created_idx ON page_attempt (created_at DESC);
CREATE INDEX page_attempt_sid_idx ON page_attempt (provider_sid);
CREATE INDEX page_attempt_request_idx ON page_attempt (oncall_request_id);

-- When the 30-minute take-charge window passed with nobody taking charge. The request stays
-- open ('paging') so that a late take-charge is still recorded.
ALTER TABLE oncall_request ADD COLUMN breached_at timestamptz;

-- Wakes the engines of every instance when a row is queued (LISTEN astreinte_outbox).
-- The payload is the row's kind; the notification is delivered at commit, never for a rollback.
CREATE FUNCTION astreinte_outbox_notify() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('astreinte_outbox', NEW.kind);
  RETURN NULL;
END
$$;
CREATE TRIGGER outbox_notify AFTER INSERT ON outbox
  FOR EACH ROW EXECUTE FUNCTION astreinte_outbox_notify();

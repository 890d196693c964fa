-- E-mail (issue 14): every e-mail is an outbox row of kind 'email' (payload: template, to, facts),
-- sent by the paging engine. This table is what became of each one: written ahead of the SMTP
-- session, so a retry knows whether the relay may already have it.
--   prepared  : rendered and written, the SMTP session not yet at the end of its data
--   sending   : the end of the data is being sent: from here the relay may have accepted it
--   sent      : the relay answered 250 (smtp_reply)
--   failed    : refused for now (4xx, relay unreachable before the data ended): sent again later
--   rejected  : refused for good (5xx): never sent again
--   uncertain : no answer after the end of the data: NOT sent again by itself (see docs/mail.md)
--   kept      : e-mail off (no SMTP settings): kept here, listed by `astreinte mails`, never sent
CREATE TABLE mail_delivery (
  id                bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  outbox_id         bigint NOT NULL REFERENCES outbox (id) CONSTRAINT mail_delivery_outbox_id_key UNIQUE,
  message_id        text NOT NULL CONSTRAINT mail_delivery_message_id_key UNIQUE,
  template          text NOT NULL,
  ticket_number     text COLLATE "C",
  oncall_request_id bigint,
  recipient         text NOT NULL,
  recipient_name    text,
  subject           text NOT NULL,
  body              text NOT NULL,
  transport         text NOT NULL CONSTRAINT mail_delivery_transport_check CHECK (transport IN ('smtp', 'kept')),
  status            text NOT NULL CONSTRAINT mail_delivery_status_check
                    CHECK (status IN ('prepared', 'sending', 'sent', 'failed', 'rejected', 'uncertain', 'kept')),
  attempts          integer NOT NULL DEFAULT 0,
  smtp_reply        text,
  error             text,
  created_at        timestamptz NOT NULL,
  updated_at        timestamptz NOT NULL
);
CREATE INDEX mail_delivery_created_idx ON mail_delivery (created_at DESC);
CREATE INDEX mail_delivery_ticket_idx ON mail_delivery (ticket_number);

-- The customer's e-mail when an on-call request is registered, in the registration's own
-- transaction: whoever inserts the request (the registration function of V9, a replayed journal),
-- the ticket's contact e-mail, when there is one, gets one message per request.
CREATE FUNCTION astreinte_registered_email() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  address text;
  name    text;
BEGIN
  SELECT btrim(t.contact_email), t.contact_name INTO address, name FROM ticket t WHERE t.number = NEW.ticket_number;
  IF address IS NULL OR address = '' THEN
    RETURN NULL;
  END IF;
  INSERT INTO outbox (kind, payload, idempotency_key, next_attempt_at, created_at, payload_version)
    VALUES ('email',
            jsonb_strip_nulls(jsonb_build_object(
              'template', 'client-enregistree', 'to', address, 'to_name', name, 'ticket', NEW.ticket_number,
              'oncall_request', NEW.id,
              'facts', jsonb_build_object('request', NEW.ticket_number,
                'received_at', to_char(NEW.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')))),
            'email:oncall_request:' || NEW.id || ':registered:' || lower(address),
            NEW.created_at, NEW.created_at, 1)
    ON CONFLICT (idempotency_key) DO NOTHING;
  RETURN NULL;
END
$$;
CREATE TRIGGER oncall_request_registered_email AFTER INSERT ON oncall_request
  FOR EACH ROW EXECUTE FUNCTION astreinte_registered_email();

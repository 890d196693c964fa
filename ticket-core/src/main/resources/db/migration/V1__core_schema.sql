-- Astreinte core schema: accounts, tickets and their history, on-call requests, call records,
-- the outbox read by the paging and escalation workers, and the audit log.
-- Closed vocabularies are text columns with CHECK constraints (easier to extend than enum types).
-- Request numbers use the "C" collation so that digit strings sort and range-scan byte-wise.

CREATE TABLE account (
  id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  name            text NOT NULL CONSTRAINT account_name_key UNIQUE,
  oncall_option   boolean NOT NULL DEFAULT false,
  oncall_services text[] NOT NULL DEFAULT '{}'
                  CONSTRAINT account_oncall_services_check
                  CHECK (oncall_services <@ ARRAY['technical', 'commercial', 'administrative']::text[]),
  created_at      timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT account_name_not_blank CHECK (btrim(name) <> '')
);

-- Phone numbers known for an account (E.164). One number may be shared by several accounts.
CREATE TABLE account_phone (
  account_id bigint NOT NULL REFERENCES account (id) ON DELETE CASCADE,
  phone      text NOT NULL CONSTRAINT account_phone_e164 CHECK (phone ~ '^\+[0-9]{6,15}$'),
  PRIMARY KEY (account_id, phone)
);
CREATE INDEX account_phone_phone_idx ON account_phone (phone);

CREATE TABLE ticket (
  number             text COLLATE "C" PRIMARY KEY CONSTRAINT ticket_number_digits CHECK (number ~ '^[0-9]{4,12}$'),
  account_id         bigint NOT NULL REFERENCES account (id),
  service            text NOT NULL CONSTRAINT ticket_service_check
                     CHECK (service IN ('technical', 'commercial', 'administrative')),
  motive             text,
  priority           text NOT NULL CONSTRAINT ticket_priority_check CHECK (priority IN ('low', 'medium', 'high')),
  status             text NOT NULL DEFAULT 'new' CONSTRAINT ticket_status_check
                     CHECK (status IN ('new', 'in_progress', 'waiting_customer', 'resolved', 'closed')),
  subject            text,
  description        text,
  contact_name       text,
  contact_email      text,
  contact_phone      text,
  assignee           text,
  opened_at          timestamptz NOT NULL,
  taken_in_charge_at timestamptz,
  resolved_at        timestamptz,
  closed_at          timestamptz,
  take_charge_by     timestamptz NOT NULL,
  resolve_by         timestamptz NOT NULL,
  -- The next SLA deadline to watch: take_charge_by until taken in charge, then resolve_by;
  -- null once resolved or closed. Read by the escalation engine.
  next_deadline      timestamptz,
  updated_at         timestamptz NOT NULL,
  CONSTRAINT ticket_next_deadline_when_open
    CHECK (status IN ('resolved', 'closed') OR next_deadline IS NOT NULL)
);
CREATE INDEX ticket_account_idx ON ticket (account_id);
CREATE INDEX ticket_status_idx ON ticket (status);
CREATE INDEX ticket_next_deadline_open_idx ON ticket (next_deadline)
  WHERE status IN ('new', 'in_progress', 'waiting_customer');

-- Rejects any UPDATE, DELETE or TRUNCATE on an append-only table.
CREATE FUNCTION astreinte_reject_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'table % is append-only: % is not allowed', TG_TABLE_NAME, TG_OP
    USING ERRCODE = 'insufficient_privilege';
END
$$;

-- History of a ticket, append-only.
CREATE TABLE ticket_event (
  id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  ticket_number text COLLATE "C" NOT NULL REFERENCES ticket (number),
  at            timestamptz NOT NULL,
  actor         text NOT NULL,
  kind          text NOT NULL CONSTRAINT ticket_event_kind_format CHECK (kind ~ '^[a-z][a-z_]*$'),
  details       jsonb NOT NULL DEFAULT '{}'::jsonb
);
CREATE INDEX ticket_event_ticket_idx ON ticket_event (ticket_number, id);
CREATE TRIGGER ticket_event_append_only BEFORE UPDATE OR DELETE ON ticket_event
  FOR EACH ROW EXECUTE FUNCTION astreinte_reject_change();
CREATE TRIGGER ticket_event_no_truncate BEFORE TRUNCATE ON ticket_event
  FOR EACH STATEMENT EXECUTE FUNCTION astreinte_reject_change();

-- One row per call to the support line, whatever its outcome.
CREATE TABLE call_record (
  id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  channel_id     text,                      -- Asterisk unique id, when known
  started_at     timestamptz NOT NULL,
  ended_at       timestamptz,
  caller         text,                      -- null for an anonymous caller
  route          text NOT NULL,             -- queue, fallback, oncall, escalation...
  steps          jsonb NOT NULL DEFAULT '[]'::jsonb,
  outcome        text NOT NULL,             -- routed, registered, refused, abandoned, fallback...
  refusal_reason text,
  duration_ms    bigint CONSTRAINT call_record_duration_positive CHECK (duration_ms >= 0),
  request_number text COLLATE "C"           -- as keyed; not a foreign key, it may be unknown
);
CREATE INDEX call_record_started_at_idx ON call_record (started_at);
CREATE INDEX call_record_request_number_idx ON call_record (request_number);

-- An on-call request: a caller left a compliant message about an open ticket outside opening hours.
CREATE TABLE oncall_request (
  id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  ticket_number    text COLLATE "C" NOT NULL REFERENCES ticket (number),
  call_record_id   bigint REFERENCES call_record (id),
  callback_number  text NOT NULL,
  status           text NOT NULL DEFAULT 'pending' CONSTRAINT oncall_request_status_check
                   CHECK (status IN ('pending', 'paging', 'taken_in_charge', 'declined', 'expired')),
  message_refs     text[] NOT NULL DEFAULT '{}',
  created_at       timestamptz NOT NULL,
  paged_at         timestamptz,
  taken_charge_at  timestamptz,
  taken_charge_by  text,
  declined_at      timestamptz,
  decline_reason   text
);
CREATE INDEX oncall_request_ticket_idx ON oncall_request (ticket_number);
CREATE INDEX oncall_request_open_idx ON oncall_request (created_at) WHERE status IN ('pending', 'paging');

-- Transactional outbox: rows written with the business change, sent by a retrying worker
-- (SELECT ... FOR UPDATE SKIP LOCKED on due rows, lease with locked_by / locked_until).
CREATE TABLE outbox (
  id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  kind            text NOT NULL,
  payload         jsonb NOT NULL,
  idempotency_key text NOT NULL CONSTRAINT outbox_idempotency_key_key UNIQUE,
  status          text NOT NULL DEFAULT 'pending' CONSTRAINT outbox_status_check
                  CHECK (status IN ('pending', 'sent', 'failed', 'cancelled')),
  attempts        integer NOT NULL DEFAULT 0 CONSTRAINT outbox_attempts_positive CHECK (attempts >= 0),
  next_attempt_at timestamptz NOT NULL DEFAULT now(),
  locked_by       text,
  locked_until    timestamptz,
  last_error      text,
  created_at      timestamptz NOT NULL DEFAULT now(),
  sent_at         timestamptz
);
CREATE INDEX outbox_due_idx ON outbox (next_attempt_at) WHERE status = 'pending';

-- Configuration changes, overrides and other administrative actions, append-only.
CREATE TABLE audit_log (
  id      bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  at      timestamptz NOT NULL,
  actor   text NOT NULL,
  kind    text NOT NULL,
  details jsonb NOT NULL DEFAULT '{}'::jsonb
);
CREATE INDEX audit_log_at_idx ON audit_log (at);
CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log
  FOR EACH ROW EXECUTE FUNCTION astreinte_reject_change();
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
  FOR EACH STATEMENT EXECUTE FUNCTION astreinte_reject_change();

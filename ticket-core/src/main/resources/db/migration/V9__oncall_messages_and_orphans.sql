-- What a real Asterisk run showed (issue 10):
--  * a second message on an open request paged the first call-back number: the request keeps the
--    latest one left, and its page says the one before when it changed;
--  * oncall_request.call_record_id stayed empty: each request, and each message added to it, is
--    linked to the call that brought it;
--  * an orphan message (no request claims it) could not be answered: it gets a reference a
--    technician answers with (OK <ref>), which take-charge accepts.

-- The Asterisk unique id of the call that opened the request (call records are written after the
-- call, so the link to call_record is made when that record arrives).
ALTER TABLE oncall_request ADD COLUMN call_id text;
CREATE INDEX oncall_request_call_id_idx ON oncall_request (call_id);
CREATE INDEX call_record_channel_id_idx ON call_record (channel_id);

-- Every message of an on-call request, the first one included, with the call that left it.
CREATE TABLE oncall_message (
  id                bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  oncall_request_id bigint NOT NULL REFERENCES oncall_request (id),
  call_id           text NOT NULL CONSTRAINT oncall_message_call_id_key UNIQUE,
  call_record_id    bigint REFERENCES call_record (id),
  callback_number   text NOT NULL,
  message_file      text,
  received_at       timestamptz NOT NULL
);
CREATE INDEX oncall_message_request_idx ON oncall_message (oncall_request_id);

-- Requests registered before this migration: their call from the ticket's history.
UPDATE oncall_request r SET call_id = e.details ->> 'call'
  FROM ticket_event e
  WHERE e.kind = 'oncall_request' AND (e.details ->> 'oncall_request')::bigint = r.id AND r.call_id IS NULL;
INSERT INTO oncall_message (oncall_request_id, call_id, callback_number, message_file, received_at)
  SELECT DISTINCT ON (e.details ->> 'call') (e.details ->> 'oncall_request')::bigint, e.details ->> 'call',
         coalesce(e.details ->> 'callback', r.callback_number), e.details ->> 'message', e.at
    FROM ticket_event e JOIN oncall_request r ON r.id = (e.details ->> 'oncall_request')::bigint
    WHERE e.kind IN ('oncall_request', 'oncall_message') AND e.details ->> 'call' IS NOT NULL
    ORDER BY e.details ->> 'call', e.at;
UPDATE oncall_request r SET call_record_id = c.id FROM call_record c
  WHERE c.channel_id = r.call_id AND r.call_record_id IS NULL;
UPDATE oncall_message m SET call_record_id = c.id FROM call_record c
  WHERE c.channel_id = m.call_id AND m.call_record_id IS NULL;

-- A call record links the request and the message its call registered (if the registration came
-- first; otherwise the registration finds the record).
CREATE FUNCTION astreinte_link_call_record() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.channel_id IS NOT NULL THEN
    UPDATE oncall_request SET call_record_id = NEW.id WHERE call_id = NEW.channel_id AND call_record_id IS NULL;
    UPDATE oncall_message SET call_record_id = NEW.id WHERE call_id = NEW.channel_id AND call_record_id IS NULL;
  END IF;
  RETURN NULL;
END
$$;
CREATE TRIGGER call_record_links AFTER INSERT ON call_record
  FOR EACH ROW EXECUTE FUNCTION astreinte_link_call_record();

CREATE OR REPLACE FUNCTION astreinte_register_oncall(
  p_ticket text, p_callback text, p_caller text, p_message text, p_call text, p_at timestamptz,
  OUT request_id bigint, OUT added_to_existing boolean)
LANGUAGE plpgsql AS $$
DECLARE
  page_key   text := 'page:' || p_ticket || ':' || p_call;
  orphan_key text := 'orphan:' || p_call;
  existing   bigint;
  previous   text;
  record_id  bigint;
  payload    jsonb;
BEGIN
  -- The same call replayed from the journal after an uncertain commit: already done.
  IF EXISTS (SELECT 1 FROM outbox WHERE idempotency_key IN (page_key, orphan_key)) THEN
    SELECT r.id INTO existing FROM oncall_request r
      WHERE r.ticket_number = p_ticket AND r.status IN ('pending', 'paging') ORDER BY r.id DESC LIMIT 1;
    request_id := coalesce(existing, 0);
    added_to_existing := true;
    RETURN;
  END IF;

  -- Locking the ticket serialises registrations of one ticket: two simultaneous calls make one chain.
  PERFORM 1 FROM ticket t WHERE t.number = p_ticket FOR UPDATE;
  IF NOT FOUND THEN
    INSERT INTO outbox (kind, payload, idempotency_key, next_attempt_at, created_at)
      VALUES ('page_orphan', astreinte_oncall_payload(0, p_ticket, p_callback, p_caller, p_message, p_call, false),
              orphan_key, p_at, p_at)
      ON CONFLICT (idempotency_key) DO NOTHING;
    request_id := 0;
    added_to_existing := false;
    RETURN;
  END IF;

  -- A call replayed after its record was written: the record is already there to link.
  SELECT c.id INTO record_id FROM call_record c WHERE c.channel_id = p_call ORDER BY c.id DESC LIMIT 1;

  SELECT r.id, r.callback_number INTO existing, previous FROM oncall_request r
    WHERE r.ticket_number = p_ticket AND r.status IN ('pending', 'paging') ORDER BY r.id DESC LIMIT 1;
  IF existing IS NOT NULL THEN
    -- Every page of the request gives the latest call-back number a caller left.
    UPDATE oncall_request SET message_refs = array_append(message_refs, p_message), callback_number = p_callback
      WHERE id = existing;
    request_id := existing;
    added_to_existing := true;
  ELSE
    INSERT INTO oncall_request (ticket_number, callback_number, message_refs, created_at, call_id, call_record_id)
      VALUES (p_ticket, p_callback, ARRAY[p_message], p_at, p_call, record_id)
      RETURNING id INTO request_id;
    added_to_existing := false;
  END IF;
  INSERT INTO oncall_message (oncall_request_id, call_id, call_record_id, callback_number, message_file, received_at)
    VALUES (request_id, p_call, record_id, p_callback, p_message, p_at)
    ON CONFLICT (call_id) DO NOTHING;

  INSERT INTO ticket_event (ticket_number, at, actor, kind, details)
    VALUES (p_ticket, p_at, 'astreinte', CASE WHEN added_to_existing THEN 'oncall_message' ELSE 'oncall_request' END,
            jsonb_build_object('oncall_request', request_id, 'callback', p_callback, 'message', p_message,
                               'call', p_call));
  payload := astreinte_oncall_payload(request_id, p_ticket, p_callback, p_caller, p_message, p_call, added_to_existing);
  IF added_to_existing AND previous IS DISTINCT FROM p_callback THEN
    payload := payload || jsonb_build_object('previous_callback', previous);
  END IF;
  INSERT INTO outbox (kind, payload, idempotency_key, next_attempt_at, created_at)
    VALUES ('page', payload, page_key, p_at, p_at)
    ON CONFLICT (idempotency_key) DO NOTHING;
END
$$;

-- Orphan messages: a reference a technician can answer with, digits only (typed on a phone) and
-- outside the request numbers issued (8 digits from the year); a reference equal to a stored ticket
-- number is skipped.
CREATE SEQUENCE orphan_message_ref_seq;
CREATE TABLE orphan_message (
  ref             text COLLATE "C" PRIMARY KEY,
  outbox_key      text NOT NULL CONSTRAINT orphan_message_outbox_key_key UNIQUE,
  ticket_number   text COLLATE "C",       -- as keyed, when a call gave one
  caller          text,                   -- the caller's number as it was left
  callback_number text,
  msg_id          text,
  call_id         text,
  created_at      timestamptz NOT NULL,
  taken_charge_at timestamptz,
  taken_charge_by text,
  declined_at     timestamptz,
  declined_by     text
);

-- Every orphan page, whoever queues it (a registration for an unknown ticket, the voicemail scan),
-- gets its reference in its payload; a page queued again (same key) keeps its reference.
CREATE FUNCTION astreinte_orphan_reference() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  found_ref text;
BEGIN
  SELECT o.ref INTO found_ref FROM orphan_message o WHERE o.outbox_key = NEW.idempotency_key;
  IF found_ref IS NULL THEN
    LOOP
      found_ref := (9000000 + nextval('orphan_message_ref_seq'))::text;
      EXIT WHEN NOT EXISTS (SELECT 1 FROM ticket t WHERE t.number = found_ref);
    END LOOP;
    INSERT INTO orphan_message (ref, outbox_key, ticket_number, caller, callback_number, msg_id, call_id, created_at)
      VALUES (found_ref, NEW.idempotency_key, NEW.payload ->> 'ticket', NEW.payload ->> 'caller',
              NEW.payload ->> 'callback', NEW.payload ->> 'msg_id', NEW.payload ->> 'call', NEW.created_at)
      ON CONFLICT (outbox_key) DO NOTHING;
  END IF;
  NEW.payload := NEW.payload || jsonb_build_object('ref', found_ref);
  RETURN NEW;
END
$$;
CREATE TRIGGER outbox_orphan_reference BEFORE INSERT ON outbox
  FOR EACH ROW WHEN (NEW.kind = 'page_orphan') EXECUTE FUNCTION astreinte_orphan_reference();

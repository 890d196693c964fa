-- Registering an on-call message in one round trip.
--
-- The support line registers a message while the caller waits for the confirmation prompt. As
-- separate statements (replay check, ticket lock, open request lookup, insert or update, ticket
-- event, outbox row, commit) that was seven round trips to PostgreSQL per call, each of them a
-- wait for a backend that, on a loaded machine, waits for a CPU. The same steps, in the same order
-- and with the same locks, run here inside one statement.
--
-- Returns request_id (0 for an orphan: unknown ticket) and added_to_existing (the message joined a
-- request already open, or the call was replayed after an uncertain commit).
-- The page's outbox payload, as the paging engine reads it.
CREATE FUNCTION astreinte_oncall_payload(
  p_request bigint, p_ticket text, p_callback text, p_caller text, p_message text, p_call text, p_added boolean)
RETURNS jsonb LANGUAGE sql IMMUTABLE AS $$
  SELECT jsonb_build_object('oncall_request', p_request, 'ticket', p_ticket, 'callback', p_callback,
                            'caller', p_caller, 'message', p_message, 'call', p_call, 'added_message', p_added)
$$;

CREATE FUNCTION astreinte_register_oncall(
  p_ticket text, p_callback text, p_caller text, p_message text, p_call text, p_at timestamptz,
  OUT request_id bigint, OUT added_to_existing boolean)
LANGUAGE plpgsql AS $$
DECLARE
  page_key   text := 'page:' || p_ticket || ':' || p_call;
  orphan_key text := 'orphan:' || p_call;
  existing   bigint;
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

  SELECT r.id INTO existing FROM oncall_request r
    WHERE r.ticket_number = p_ticket AND r.status IN ('pending', 'paging') ORDER BY r.id DESC LIMIT 1;
  IF existing IS NOT NULL THEN
    UPDATE oncall_request SET message_refs = array_append(message_refs, p_message) WHERE id = existing;
    request_id := existing;
    added_to_existing := true;
  ELSE
    INSERT INTO oncall_request (ticket_number, callback_number, message_refs, created_at)
      VALUES (p_ticket, p_callback, ARRAY[p_message], p_at)
      RETURNING id INTO request_id;
    added_to_existing := false;
  END IF;

  INSERT INTO ticket_event (ticket_number, at, actor, kind, details)
    VALUES (p_ticket, p_at, 'astreinte', CASE WHEN added_to_existing THEN 'oncall_message' ELSE 'oncall_request' END,
            jsonb_build_object('oncall_request', request_id, 'callback', p_callback, 'message', p_message,
                               'call', p_call));
  INSERT INTO outbox (kind, payload, idempotency_key, next_attempt_at, created_at)
    VALUES ('page', astreinte_oncall_payload(request_id, p_ticket, p_callback, p_caller, p_message, p_call,
                                             added_to_existing),
            page_key, p_at, p_at)
    ON CONFLICT (idempotency_key) DO NOTHING;
END
$$;

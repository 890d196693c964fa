-- The escalation engine's state and record.
--
-- ticket.next_escalation_at: when the engine must next look at the ticket (a warning before a
-- deadline, or the next escalation level). One pass reads only rows whose instant is due, through
-- the partial index below, so its cost follows what is due, not what is open. Null: nothing left
-- to watch (resolved, closed, a priority that never escalates, every level already reached).
ALTER TABLE ticket ADD COLUMN next_escalation_at timestamptz;
CREATE INDEX ticket_next_escalation_idx ON ticket (next_escalation_at) WHERE next_escalation_at IS NOT NULL;

-- Any change of what the engine depends on asks it to look again at its next pass ('epoch' is
-- "already due" whatever clock the application runs on). A trigger rather than code in each
-- writer: imports, fixtures, the paging side's acknowledgement and manual SQL stay correct too.
-- The engine itself only writes next_escalation_at, which does not fire this trigger.
CREATE FUNCTION astreinte_ticket_rearm_escalation() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  -- A ticket that was being watched and is now resolved is looked at once more, so the engine can
  -- cancel its notices still pending; then the engine clears the instant.
  IF NEW.status IN ('new', 'in_progress', 'waiting_customer')
     OR (TG_OP = 'UPDATE' AND OLD.next_escalation_at IS NOT NULL) THEN
    NEW.next_escalation_at := 'epoch'::timestamptz;
  ELSE
    NEW.next_escalation_at := NULL;
  END IF;
  RETURN NEW;
END
$$;
CREATE TRIGGER ticket_rearm_escalation_insert BEFORE INSERT ON ticket
  FOR EACH ROW EXECUTE FUNCTION astreinte_ticket_rearm_escalation();
CREATE TRIGGER ticket_rearm_escalation_update
  BEFORE UPDATE OF status, priority, taken_in_charge_at, resolved_at, closed_at, take_charge_by, resolve_by ON ticket
  FOR EACH ROW EXECUTE FUNCTION astreinte_ticket_rearm_escalation();

-- One row per ticket, deadline and level that became due: what the managers were told, queryable
-- for the command line, the API and the SLA report without digging in jsonb event details.
-- Lower levels passed over while the server was down are listed in skipped_levels, never sent.
-- outbox_key joins the notice (its status says whether it was sent).
CREATE TABLE escalation (
  id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  ticket_number  text COLLATE "C" NOT NULL REFERENCES ticket (number),
  priority       text NOT NULL CONSTRAINT escalation_priority_check CHECK (priority IN ('low', 'medium', 'high')),
  deadline       text NOT NULL CONSTRAINT escalation_deadline_check CHECK (deadline IN ('take_charge', 'resolve')),
  deadline_at    timestamptz NOT NULL,
  level          integer NOT NULL CONSTRAINT escalation_level_positive CHECK (level >= 1),
  due_at         timestamptz NOT NULL,     -- deadline_at + the level's threshold
  at             timestamptz NOT NULL,     -- when the engine recorded it
  skipped_levels integer[] NOT NULL DEFAULT '{}',
  outbox_key     text NOT NULL,
  CONSTRAINT escalation_once UNIQUE (ticket_number, deadline, level)
);
CREATE INDEX escalation_at_idx ON escalation (at);
CREATE TRIGGER escalation_append_only BEFORE UPDATE OR DELETE ON escalation
  FOR EACH ROW EXECUTE FUNCTION astreinte_reject_change();

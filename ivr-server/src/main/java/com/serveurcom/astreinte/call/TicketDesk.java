package com.serveurcom.astreinte.call;

import static com.serveurcom.astreinte.database.generated.Tables.TICKET_EVENT;

import com.serveurcom.astreinte.database.Database;
import com.serveurcom.astreinte.database.Json;
import com.serveurcom.astreinte.escalation.EscalationMatrix;
import com.serveurcom.astreinte.escalation.TicketOverrun;
import com.serveurcom.astreinte.oncall.Eligibility;
import com.serveurcom.astreinte.oncall.OncallEligibility;
import com.serveurcom.astreinte.oncall.OnCallRegistration;
import com.serveurcom.astreinte.oncall.OnCallRequests;
import com.serveurcom.astreinte.outbox.Outbox;
import com.serveurcom.astreinte.ticket.Priority;
import com.serveurcom.astreinte.ticket.Ticket;
import com.serveurcom.astreinte.ticket.TicketStore;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/** The on-call flow's desk over the ticket store: eligibility, registration, escalation. */
public final class TicketDesk implements OnCallDesk {
  /** Outbox kind of a notice to an escalation level's contacts (delivered by the pager). */
  public static final String ESCALATION = "escalation";

  private final Database database;
  private final OncallEligibility eligibility;
  private final OnCallRequests requests;
  private final TicketStore tickets;
  private final Supplier<EscalationMatrix> matrix;

  /** @param matrix the escalation matrix in force (the config may be reloaded) */
  public TicketDesk(Database database, OncallEligibility eligibility, OnCallRequests requests, TicketStore tickets,
      Supplier<EscalationMatrix> matrix) {
    this.database = database;
    this.eligibility = eligibility;
    this.requests = requests;
    this.tickets = tickets;
    this.matrix = matrix;
  }

  @Override
  public RequestCheck check(String requestNumber, String callerId, Instant at) {
    Eligibility e = eligibility.check(requestNumber, callerId, at);
    return e instanceof Eligibility.Refused r ? RequestCheck.refused(r.reason().code()) : RequestCheck.ok();
  }

  @Override
  public Registration register(OnCallMessage m) {
    OnCallRegistration r = requests.register(new com.serveurcom.astreinte.oncall.OnCallMessage(
        m.requestNumber(), m.callbackNumber(), m.callerId(), m.messageFile(), m.callId(), m.receivedAt()));
    return new Registration(r.ticketNumber(), r.addedToExisting());
  }

  @Override
  public EscalationAnswer escalate(String requestNumber, String callerId, Instant at) {
    Optional<Ticket> found = requestNumber.chars().allMatch(Character::isDigit) ? tickets.find(requestNumber) : Optional.empty();
    if (found.isEmpty()) {
      return new EscalationAnswer(EscalationAnswer.Kind.UNKNOWN_REQUEST, 0);
    }
    Ticket t = found.get();
    if (!t.isOpen()) {
      return new EscalationAnswer(EscalationAnswer.Kind.REQUEST_CLOSED, 0);
    }
    if (t.priority() == Priority.LOW) {
      return new EscalationAnswer(EscalationAnswer.Kind.NOT_ESCALABLE, 0);
    }
    EscalationMatrix m = matrix.get();
    Optional<TicketOverrun> worst = TicketOverrun.worst(t, m, at);
    int level = worst.map(TicketOverrun::level).orElse(0);
    if (level > 0) {
      TicketOverrun o = worst.get();
      database.transaction(tx -> {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("ticket", t.number());
        p.put("priority", t.priority().code());
        p.put("deadline", o.deadline());
        p.put("due", o.due().toString());
        p.put("level", level);
        p.put("requested_by", callerId);
        // The same key as the escalation engine's: a level is notified once per ticket and deadline.
        boolean queued = Outbox.enqueue(tx, ESCALATION, Json.object(p),
            "escalation:" + t.number() + ":" + o.deadline() + ":" + level, at);
        tx.insertInto(TICKET_EVENT)
            .set(TICKET_EVENT.TICKET_NUMBER, t.number()).set(TICKET_EVENT.AT, Outbox.utc(at))
            .set(TICKET_EVENT.ACTOR, callerId == null ? "appelant anonyme" : callerId)
            .set(TICKET_EVENT.KIND, "escalation_requested")
            .set(TICKET_EVENT.DETAILS, Json.object(Map.of("level", level, "deadline", o.deadline(), "notified", queued)))
            .execute();
      });
    }
    return new EscalationAnswer(EscalationAnswer.Kind.LEVEL, level,
        level > 0 ? m.transferDial(level) : Optional.empty());
  }
}

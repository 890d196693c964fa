package com.serveurcom.astreinte.call;

import com.serveurcom.astreinte.oncall.OnCallMessage;

import com.serveurcom.astreinte.database.Database;
import com.serveurcom.astreinte.ticket.TicketEventKind;
import com.serveurcom.astreinte.ticket.TicketHistory;
import com.serveurcom.astreinte.escalation.EscalationMatrix;
import com.serveurcom.astreinte.escalation.TicketOverrun;
import com.serveurcom.astreinte.oncall.Eligibility;
import com.serveurcom.astreinte.oncall.OnCallEligibility;
import com.serveurcom.astreinte.oncall.OnCallRegistration;
import com.serveurcom.astreinte.oncall.OnCallRequests;
import com.serveurcom.astreinte.ticket.Priority;
import com.serveurcom.astreinte.ticket.Ticket;
import com.serveurcom.astreinte.ticket.TicketNumbers;
import com.serveurcom.astreinte.ticket.TicketStore;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/** The on-call flow's desk over the ticket store: eligibility, registration, escalation. */
public final class TicketDesk implements OnCallDesk {
  private final Database database;
  private final OnCallEligibility eligibility;
  private final OnCallRequests requests;
  private final TicketStore tickets;
  private final Supplier<EscalationMatrix> matrix;
  private final Runnable wakeEscalations;

  /**
   * @param matrix the escalation matrix in force (the config may be reloaded)
   * @param wakeEscalations runs the escalation engine's next pass now
   */
  public TicketDesk(Database database, OnCallEligibility eligibility, OnCallRequests requests, TicketStore tickets,
      Supplier<EscalationMatrix> matrix, Runnable wakeEscalations) {
    this.database = database;
    this.eligibility = eligibility;
    this.requests = requests;
    this.tickets = tickets;
    this.matrix = matrix;
    this.wakeEscalations = wakeEscalations;
  }

  @Override
  public RequestCheck check(String requestNumber, String callerId, Instant at) {
    Eligibility e = eligibility.check(requestNumber, callerId, at);
    return e instanceof Eligibility.Refused r ? RequestCheck.refused(r.reason()) : RequestCheck.ok();
  }

  @Override
  public Registration register(OnCallMessage m) {
    OnCallRegistration r = requests.register(m);
    return new Registration(r.ticketNumber(), r.addedToExisting());
  }

  @Override
  public EscalationAnswer escalate(String requestNumber, String callerId, Instant at) {
    Optional<Ticket> found = TicketNumbers.isValid(requestNumber) ? tickets.find(requestNumber) : Optional.empty();
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
      // The escalation engine notifies the level's contacts (with their names and phones, once per
      // ticket, deadline and level); the caller's request is recorded and wakes it, so the notice
      // leaves now rather than at the engine's next pass.
      TicketOverrun o = worst.get();
      TicketHistory.append(database.dsl(), new TicketHistory.Entry(t.number(), at,
          callerId == null ? "appelant anonyme" : callerId, TicketEventKind.ESCALATION_REQUESTED,
          Map.of("level", level, "deadline", o.deadline())));
      wakeEscalations.run();
    }
    return new EscalationAnswer(EscalationAnswer.Kind.LEVEL, level,
        level > 0 ? m.transferDial(level) : Optional.empty());
  }
}

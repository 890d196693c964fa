package com.serveurcom.astreinte.escalation;

import com.serveurcom.astreinte.ticket.Ticket;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * How far a ticket's commitments are overrun at an instant, and the escalation level that allows.
 * The take-charge deadline is watched until the ticket is taken in charge, the resolve deadline
 * until it is resolved; a ticket in neither case (or closed) has nothing to escalate.
 *
 * @param deadline {@code take_charge} or {@code resolve}
 */
public record TicketOverrun(String deadline, Instant due, Duration overrun, int level) {

  public static final String TAKE_CHARGE = "take_charge";
  public static final String RESOLVE = "resolve";

  /** Every watched deadline of the ticket at {@code now}, overrun or not. */
  public static List<TicketOverrun> all(Ticket t, EscalationMatrix matrix, Instant now) {
    List<TicketOverrun> out = new ArrayList<>(2);
    if (!t.isOpen()) {
      return out;
    }
    if (t.takenInChargeAt() == null) {
      out.add(of(TAKE_CHARGE, t.takeChargeBy(), t, matrix, now));
    }
    if (t.resolvedAt() == null) {
      out.add(of(RESOLVE, t.resolveBy(), t, matrix, now));
    }
    return out;
  }

  /** The watched deadline that allows the highest level (the earliest due on a tie). */
  public static Optional<TicketOverrun> worst(Ticket t, EscalationMatrix matrix, Instant now) {
    return all(t, matrix, now).stream()
        .max(Comparator.comparingInt(TicketOverrun::level).thenComparing(TicketOverrun::overrun));
  }

  private static TicketOverrun of(String kind, Instant due, Ticket t, EscalationMatrix matrix, Instant now) {
    Duration overrun = now.isAfter(due) ? Duration.between(due, now) : Duration.ZERO;
    return new TicketOverrun(kind, due, overrun, matrix.level(t.priority(), due, now));
  }
}

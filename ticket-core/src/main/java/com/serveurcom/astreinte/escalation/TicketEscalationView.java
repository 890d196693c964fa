package com.serveurcom.astreinte.escalation;

import com.serveurcom.astreinte.ticket.Ticket;
import java.time.Instant;
import java.util.List;

/**
 * What the ticket API shows about a ticket's commitments at an instant: each watched deadline
 * with its overrun and the level it allows, the worst level, and when the next level falls due.
 *
 * @param deadlines the watched deadlines (take charge until taken in charge, resolve until resolved)
 * @param level the highest level allowed now (0: none)
 */
public record TicketEscalationView(String ticket, String priority, List<Deadline> deadlines, int level) {

  /**
   * @param overrunSeconds 0 while the deadline is not passed
   * @param nextLevelAt when the next level falls due; null when the priority never escalates or
   *     every level is reached
   */
  public record Deadline(String deadline, Instant due, long overrunSeconds, int level, Instant nextLevelAt) {}

  public static TicketEscalationView of(Ticket t, EscalationMatrix matrix, Instant now) {
    List<Deadline> deadlines = TicketOverrun.all(t, matrix, now).stream().map(o -> {
      Instant nextAt = null;
      for (var th : matrix.thresholds(t.priority())) {
        Instant at = o.due().plus(th);
        if (at.isAfter(now)) {
          nextAt = at;
          break;
        }
      }
      return new Deadline(o.deadline(), o.due(), o.overrun().toSeconds(), o.level(), nextAt);
    }).toList();
    int level = deadlines.stream().mapToInt(Deadline::level).max().orElse(0);
    return new TicketEscalationView(t.number(), t.priority().code(), deadlines, level);
  }
}

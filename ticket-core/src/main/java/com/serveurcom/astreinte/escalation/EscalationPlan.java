package com.serveurcom.astreinte.escalation;

import com.serveurcom.astreinte.ticket.Ticket;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What the engine must do for one ticket at {@code now}: a pure function of the ticket, the matrix,
 * the warning lead and the highest level already recorded per deadline, so the rules are testable
 * without a database.
 *
 * @param escalations at most one per deadline: the highest level now due, when higher than any
 *     level already recorded (lower levels passed over are listed as skipped and never sent)
 * @param warnings deadlines within the warning lead and not yet reached
 * @param staleLevels per deadline, the levels above the one now allowed: their pending notices are
 *     no longer due (taken in charge, resolved, priority lowered) and get cancelled
 * @param next when the ticket must next be looked at; null when nothing is left to watch
 */
public record EscalationPlan(List<Escalate> escalations, List<Warn> warnings, Map<String, List<Integer>> staleLevels,
    Instant next) {

  public record Escalate(String deadline, Instant deadlineAt, int level, Instant dueAt, Duration overrun,
      List<Integer> skippedLevels) {}

  public record Warn(String deadline, Instant deadlineAt) {}

  /**
   * @param recorded highest level already recorded per deadline kind (absent: none)
   */
  public static EscalationPlan of(Ticket t, EscalationMatrix matrix, Duration warningLead, Map<String, Integer> recorded,
      Instant now) {
    List<Duration> thresholds = matrix.thresholds(t.priority());
    int maxLevel = Math.max(3, thresholds.size());
    List<Escalate> escalations = new ArrayList<>(2);
    List<Warn> warnings = new ArrayList<>(2);
    Map<String, List<Integer>> stale = new java.util.LinkedHashMap<>();
    Instant next = null;
    List<TicketOverrun> watched = thresholds.isEmpty() ? List.of() : TicketOverrun.all(t, matrix, now);
    for (String kind : List.of(TicketOverrun.TAKE_CHARGE, TicketOverrun.RESOLVE)) {
      TicketOverrun o = watched.stream().filter(w -> w.deadline().equals(kind)).findFirst().orElse(null);
      int allowed = o == null ? 0 : o.level();
      if (allowed < maxLevel) {
        List<Integer> above = new ArrayList<>();
        for (int l = allowed + 1; l <= maxLevel; l++) {
          above.add(l);
        }
        stale.put(kind, above);
      }
      if (o == null) {
        continue;
      }
      Instant deadline = o.due();
      int already = recorded.getOrDefault(kind, 0);
      if (allowed > already) {
        List<Integer> skipped = new ArrayList<>();
        for (int l = already + 1; l < allowed; l++) {
          skipped.add(l);
        }
        escalations.add(new Escalate(kind, deadline, allowed, deadline.plus(thresholds.get(allowed - 1)),
            o.overrun(), List.copyOf(skipped)));
      }
      Instant warnAt = deadline.minus(warningLead);
      if (now.isBefore(deadline) && !now.isBefore(warnAt)) {
        warnings.add(new Warn(kind, deadline));
      }
      Instant candidate = null;
      if (now.isBefore(warnAt)) {
        candidate = warnAt;
      } else {
        for (Duration th : thresholds) {
          Instant at = deadline.plus(th);
          if (at.isAfter(now)) {
            candidate = at;
            break;
          }
        }
      }
      if (candidate != null && (next == null || candidate.isBefore(next))) {
        next = candidate;
      }
    }
    return new EscalationPlan(List.copyOf(escalations), List.copyOf(warnings), Map.copyOf(stale), next);
  }
}

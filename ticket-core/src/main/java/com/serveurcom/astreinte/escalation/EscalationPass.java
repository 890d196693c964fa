package com.serveurcom.astreinte.escalation;

import java.time.Instant;
import java.util.List;

/**
 * What one engine pass did.
 *
 * @param examined tickets whose next escalation instant was due and that this pass locked
 * @param escalated escalations recorded (notified: this pass queued the notice; false when a
 *     caller's request had already queued the same level)
 * @param warned warnings before a deadline
 * @param cancelled pending notices cancelled because they were no longer due
 */
public record EscalationPass(Instant at, int examined, List<Escalated> escalated, List<Warned> warned, int cancelled) {

  public record Escalated(String ticket, String deadline, int level, List<Integer> skippedLevels, boolean notified) {}

  /** @param to {@code assignee}, {@code oncall}, or {@code none} (unassigned during opening hours: no notice) */
  public record Warned(String ticket, String deadline, String to, String assignee) {}
}

package com.serveurcom.astreinte.paging;

import com.serveurcom.astreinte.escalation.Contact;
import com.serveurcom.astreinte.rota.OnDuty;
import com.serveurcom.astreinte.rota.PagingTimings;
import com.serveurcom.astreinte.rota.Technician;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Who is paged and when, as a function of the request's start, who is on duty and the rota's timings:
 * no database, no provider, no clock of its own, so every rule is tested on its own.
 *
 * <p>The chain of an on-call request (times from the request's {@code created_at}, which the take-charge
 * window also runs from): the first page, then follow-up {@code n} at {@code n × retryInterval}, paging
 * the technician on duty at send time and, from {@code backupsAfter}, also the next backup in chain order
 * (one more each interval, the last one kept); at {@code takeChargeWindow} the breach is recorded and
 * paging stops (managers are the escalation engine's business). Nobody on duty: the first backup, else
 * the last-resort contact.
 */
final class ChannelPolicy {
  private ChannelPolicy() {}

  /** The chain's next row: follow-up {@code step} at {@code at}, or the breach at the window's end. */
  record NextStep(Integer step, Instant at) {
    boolean breach() {
      return step == null;
    }
  }

  /** Step {@code n} of the chain, or the breach when step n would fall at or past the window. */
  static NextStep next(Instant start, int n, PagingTimings timings) {
    Instant at = start.plus(timings.retryInterval().multipliedBy(n));
    Instant windowEnd = start.plus(timings.takeChargeWindow());
    return at.isBefore(windowEnd) ? new NextStep(n, at) : new NextStep(null, windowEnd);
  }

  /**
   * Who a page goes to.
   *
   * @param step null for the first page (or a new message), else the follow-up's number
   */
  static List<Recipient> pageRecipients(OnDuty duty, Integer step, PagingTimings timings, Contact lastResort) {
    List<Recipient> to = new ArrayList<>();
    duty.primary().ifPresent(t -> to.add(Recipient.of(t, Recipient.Role.ON_DUTY)));
    Duration elapsed = step == null ? Duration.ZERO : timings.retryInterval().multipliedBy(step);
    boolean backupTime = step != null && elapsed.compareTo(timings.backupsAfter()) >= 0;
    List<Technician> backups = duty.backups();
    if ((duty.primary().isEmpty() || backupTime) && !backups.isEmpty()) {
      long k = step == null ? 0 : elapsed.minus(timings.backupsAfter()).toSeconds() / timings.retryInterval().toSeconds();
      to.add(Recipient.of(backups.get((int) Math.min(Math.max(k, 0), backups.size() - 1)), Recipient.Role.BACKUP));
    }
    if (to.isEmpty()) {
      to.add(lastResort(lastResort));
    }
    return to;
  }

  /** A message no request claims: the technician on duty, else the last-resort contact. */
  static Recipient orphanRecipient(OnDuty duty, Contact lastResort) {
    return duty.primary().map(t -> Recipient.of(t, Recipient.Role.ON_DUTY)).orElseGet(() -> lastResort(lastResort));
  }

  /** The rota's technician a ticket is assigned to (by id or name), if the rota knows them. */
  static Optional<Recipient> assignee(List<Technician> technicians, String assignee) {
    if (assignee == null) {
      return Optional.empty();
    }
    return technicians.stream().filter(t -> t.id().equalsIgnoreCase(assignee) || t.name().equalsIgnoreCase(assignee))
        .findFirst().map(t -> Recipient.of(t, Recipient.Role.ON_DUTY));
  }

  private static Recipient lastResort(Contact c) {
    return new Recipient("last-resort", c.name(), c.phone(), Recipient.Role.LAST_RESORT);
  }
}

package com.serveurcom.astreinte.sla;

import com.serveurcom.astreinte.ticket.SlaDeadlines;
import com.serveurcom.astreinte.ticket.SlaPolicy;
import com.serveurcom.astreinte.calendar.BusinessCalendar;
import com.serveurcom.astreinte.ticket.Priority;
import java.time.Instant;
import java.util.Objects;

/** {@link SlaPolicy} from the configured targets and the business calendar; pure, no I/O. */
public final class ConfiguredSlaPolicy implements SlaPolicy {
  private final SlaTargets targets;
  private final BusinessCalendar calendar;

  public ConfiguredSlaPolicy(SlaTargets targets, BusinessCalendar calendar) {
    this.targets = Objects.requireNonNull(targets, "targets");
    this.calendar = Objects.requireNonNull(calendar, "calendar");
  }

  @Override
  public java.util.Optional<Instant> businessHoursResume(Instant at) {
    var status = calendar.status(at);
    return status.open() ? java.util.Optional.empty() : java.util.Optional.ofNullable(status.nextChange());
  }

  public SlaTargets targets() {
    return targets;
  }

  @Override
  public SlaDeadlines deadlines(Priority priority, Instant from, boolean onCallOption) {
    PriorityTargets t = targets.of(priority);
    return new SlaDeadlines(deadline(t.takeCharge(), from, onCallOption), deadline(t.resolve(), from, onCallOption));
  }

  /**
   * One deadline. Without the on-call option nobody works the account's tickets at night, so a
   * {@code 24x7} target counts in business hours instead.
   */
  public Instant deadline(SlaTarget target, Instant from, boolean onCallOption) {
    SlaClock clock = target.clock();
    if (clock == SlaClock.TWENTY_FOUR_SEVEN && !onCallOption) {
      clock = SlaClock.BUSINESS_HOURS;
    }
    switch (clock) {
      case TWENTY_FOUR_SEVEN: return from.plus(target.duration());
      case BUSINESS_HOURS: return calendar.addBusinessHours(from, target.duration());
      case BUSINESS_DAYS: return calendar.addBusinessDays(from, target.duration());
      default: throw new AssertionError(clock);
    }
  }
}

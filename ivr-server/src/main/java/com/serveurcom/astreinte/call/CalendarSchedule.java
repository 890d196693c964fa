package com.serveurcom.astreinte.call;

import com.serveurcom.astreinte.calendar.BusinessCalendar;
import com.serveurcom.astreinte.calendar.CalendarStatus;
import com.serveurcom.astreinte.calendar.ManualOverride;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The line's schedule: the business calendar in force, with the operators' manual override. */
public final class CalendarSchedule implements LineSchedule {
  private static final Logger log = LoggerFactory.getLogger(CalendarSchedule.class);

  private final Supplier<BusinessCalendar> calendar;
  private final Supplier<Optional<ManualOverride>> override;
  private final DatabaseOutage outage;

  public CalendarSchedule(Supplier<BusinessCalendar> calendar, Supplier<Optional<ManualOverride>> override,
      DatabaseOutage outage) {
    this.calendar = calendar;
    this.override = override;
    this.outage = outage;
  }

  @Override
  public LineState stateAt(Instant instant) {
    ManualOverride o = null;
    if (!outage.suspected()) {
      try {
        o = override.get().orElse(null);
      } catch (RuntimeException e) {
        // The database holds the override; without it the calendar alone still answers the call.
        outage.failed(e);
        log.warn("forçage manuel inconnu ({}) ; le calendrier s'applique", e.toString());
      }
    }
    CalendarStatus s = calendar.get().status(instant, o);
    return new LineState(s.open(), s.reason().code());
  }
}

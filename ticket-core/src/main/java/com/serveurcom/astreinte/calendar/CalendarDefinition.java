package com.serveurcom.astreinte.calendar;

import java.time.ZoneId;
import java.util.List;
import java.util.Objects;

/** Everything the admins say about the business calendar; a value, compared to detect config changes. */
public record CalendarDefinition(
    ZoneId zone,
    WeeklyHours hours,
    HolidayRules holidays,
    List<DatedClosure> closures,
    List<ExceptionalOpening> openings) {

  public CalendarDefinition {
    Objects.requireNonNull(zone, "zone");
    Objects.requireNonNull(hours, "hours");
    Objects.requireNonNull(holidays, "holidays");
    closures = List.copyOf(closures);
    openings = List.copyOf(openings);
  }

  /** The seed: Europe/Paris, HOJO, the French holidays, no closure and no exceptional opening. */
  public static CalendarDefinition seed() {
    return new CalendarDefinition(
        ParisTime.ZONE, WeeklyHours.seed(), HolidayRules.seed(), List.of(), List.of());
  }
}

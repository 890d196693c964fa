package com.serveurcom.astreinte.calendar;

import java.time.LocalDate;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Which days are public holidays: the computed French set (optional), minus the ones the company
 * works anyway (typically Whit Monday, "journée de solidarité"), plus its own.
 */
public record HolidayRules(boolean french, Set<FrenchHoliday> dropped, List<AddedHoliday> added) {
  public HolidayRules {
    dropped = dropped.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(dropped));
    added = List.copyOf(added);
  }

  public static HolidayRules seed() {
    return new HolidayRules(true, Set.of(), List.of());
  }

  /** The holiday's French label, if the day is one. Not on a hot path: timelines are precomputed. */
  public Optional<String> holidayOn(LocalDate day) {
    if (french) {
      for (FrenchHoliday h : FrenchHoliday.values()) {
        if (!dropped.contains(h) && h.in(day.getYear()).equals(day)) {
          return Optional.of(h.label());
        }
      }
    }
    for (AddedHoliday a : added) {
      if (a.fallsOn(day)) {
        return Optional.of(a.label());
      }
    }
    return Optional.empty();
  }
}

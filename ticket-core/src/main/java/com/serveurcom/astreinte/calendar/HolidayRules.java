package com.serveurcom.astreinte.calendar;

import java.time.LocalDate;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which days are public holidays: France's (optional; national, plus the regional ones of the
 * operator's département), minus the ones the company works anyway (typically Whit Monday,
 * "journée de solidarité"), plus its own. A value: equal rules are equal whatever was looked up.
 */
public final class HolidayRules {
  private final boolean french;
  private final Optional<String> departement;
  private final Set<FrenchHoliday> dropped;
  private final List<AddedHoliday> added;
  // The holidays of each year asked for, so that compiling a year's timeline asks jollyday once.
  private final Map<Integer, Map<LocalDate, FrenchHoliday>> byYear = new ConcurrentHashMap<>();

  public HolidayRules(boolean french, Optional<String> departement, Set<FrenchHoliday> dropped,
      List<AddedHoliday> added) {
    this.french = french;
    this.departement = Objects.requireNonNull(departement, "departement");
    this.dropped = dropped.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(dropped));
    this.added = List.copyOf(added);
  }

  /** The seed's rules: France's national holidays, none dropped or added. */
  public static HolidayRules seed() {
    return new HolidayRules(true, Optional.empty(), Set.of(), List.of());
  }

  public boolean french() {
    return french;
  }

  public Optional<String> departement() {
    return departement;
  }

  public Set<FrenchHoliday> dropped() {
    return dropped;
  }

  public List<AddedHoliday> added() {
    return added;
  }

  /** The holiday's French label, if the day is one. Not on a hot path: timelines are precomputed. */
  public Optional<String> holidayOn(LocalDate day) {
    if (french) {
      FrenchHoliday h = byYear.computeIfAbsent(day.getYear(), y -> PublicHolidays.in(y, departement)).get(day);
      if (h != null && !dropped.contains(h)) {
        return Optional.of(h.label());
      }
    }
    for (AddedHoliday a : added) {
      if (a.fallsOn(day)) {
        return Optional.of(a.label());
      }
    }
    return Optional.empty();
  }

  /** Whether {@code code} names a département of jollyday's data for France. */
  public static boolean knowsDepartement(String code) {
    return PublicHolidays.knowsDepartement(code);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof HolidayRules r && french == r.french && departement.equals(r.departement)
        && dropped.equals(r.dropped) && added.equals(r.added);
  }

  @Override
  public int hashCode() {
    return Objects.hash(french, departement, dropped, added);
  }

  @Override
  public String toString() {
    return "HolidayRules[french=" + french + ", departement=" + departement.orElse("-") + ", dropped=" + dropped
        + ", added=" + added + "]";
  }
}

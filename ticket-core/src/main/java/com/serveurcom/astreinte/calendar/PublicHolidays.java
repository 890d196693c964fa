package com.serveurcom.astreinte.calendar;

import de.focus_shift.jollyday.core.Holiday;
import de.focus_shift.jollyday.core.HolidayCalendar;
import de.focus_shift.jollyday.core.HolidayManager;
import de.focus_shift.jollyday.core.ManagerParameters;
import java.time.LocalDate;
import java.time.Year;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * France's public holidays of one year, national and, for a département, regional (Alsace-Moselle's
 * Good Friday and 26 December), read from jollyday's maintained data rather than computed here.
 */
final class PublicHolidays {
  private PublicHolidays() {}

  /**
   * @param departement a département code as jollyday names its sub-configurations ({@code "67"},
   *                    {@code "75C"}), or empty for the national holidays only
   */
  static Map<LocalDate, FrenchHoliday> in(int year, Optional<String> departement) {
    // jollyday keeps one manager per calendar in its own cache: getInstance is cheap after the first call.
    HolidayManager france = HolidayManager.getInstance(ManagerParameters.create(HolidayCalendar.FRANCE));
    String[] path = departement.map(d -> new String[] {d}).orElse(new String[0]);
    Map<LocalDate, FrenchHoliday> days = new TreeMap<>();
    for (Holiday h : france.getHolidays(Year.of(year), path)) {
      FrenchHoliday.fromJollydayKey(h.getPropertiesKey()).ifPresent(named -> days.putIfAbsent(h.getDate(), named));
    }
    return days;
  }

  /** Whether jollyday knows this département code (its sub-configurations of France). */
  static boolean knowsDepartement(String code) {
    HolidayManager france = HolidayManager.getInstance(ManagerParameters.create(HolidayCalendar.FRANCE));
    return france.getCalendarHierarchy().getChildren().containsKey(code);
  }
}

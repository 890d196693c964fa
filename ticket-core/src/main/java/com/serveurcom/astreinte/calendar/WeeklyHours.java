package com.serveurcom.astreinte.calendar;

import java.time.DayOfWeek;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Regular opening hours per weekday: several half-open ranges a day (the lunch break is the gap).
 * A weekday without any range is a weekend day: its closed time is reported as {@code weekend}.
 */
public record WeeklyHours(Map<DayOfWeek, List<TimeRange>> ranges) {
  public WeeklyHours {
    EnumMap<DayOfWeek, List<TimeRange>> copy = new EnumMap<>(DayOfWeek.class);
    for (DayOfWeek d : DayOfWeek.values()) {
      List<TimeRange> day = new ArrayList<>(ranges.getOrDefault(d, List.of()));
      day.sort(Comparator.comparingInt(TimeRange::startMinute));
      for (int i = 1; i < day.size(); i++) {
        if (day.get(i - 1).overlaps(day.get(i))) {
          throw new IllegalArgumentException("overlapping ranges on " + d + ": " + day);
        }
      }
      copy.put(d, List.copyOf(day));
    }
    ranges = Map.copyOf(copy);
  }

  public List<TimeRange> on(DayOfWeek day) {
    return ranges.get(day);
  }

  /** The seed's HOJO: Mon-Thu 08:30-12:30 and 14:00-18:00, Fri 08:30-12:30 and 14:00-17:00. */
  public static WeeklyHours seed() {
    List<TimeRange> monThu = List.of(TimeRange.of("08:30", "12:30"), TimeRange.of("14:00", "18:00"));
    Map<DayOfWeek, List<TimeRange>> m = new EnumMap<>(DayOfWeek.class);
    m.put(DayOfWeek.MONDAY, monThu);
    m.put(DayOfWeek.TUESDAY, monThu);
    m.put(DayOfWeek.WEDNESDAY, monThu);
    m.put(DayOfWeek.THURSDAY, monThu);
    m.put(DayOfWeek.FRIDAY, List.of(TimeRange.of("08:30", "12:30"), TimeRange.of("14:00", "17:00")));
    return new WeeklyHours(m);
  }
}

package com.serveurcom.astreinte.calendar;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * Applies the rules of a {@link CalendarDefinition} to one local day. Precedence, from weakest to
 * strongest: the day's closed time (outside-hours, or weekend for a day without regular hours, or
 * holiday), regular hours (not on a holiday), dated closures, exceptional openings. Working at a
 * minute grid keeps the precedence obvious; it only runs when a year's timeline is built.
 */
final class DayPlanner {
  private final CalendarDefinition def;

  DayPlanner(CalendarDefinition def) {
    this.def = def;
  }

  DayPlan plan(LocalDate date) {
    String holiday = def.holidays().holidayOn(date).orElse(null);
    List<TimeRange> regular = def.hours().on(date.getDayOfWeek());
    Reason base = holiday != null ? Reason.HOLIDAY : regular.isEmpty() ? Reason.WEEKEND : Reason.OUTSIDE_HOURS;

    Reason[] minute = new Reason[TimeRange.DAY_MINUTES];
    String[] label = new String[TimeRange.DAY_MINUTES];
    java.util.Arrays.fill(minute, base);
    java.util.Arrays.fill(label, holiday);
    if (holiday == null) {
      for (TimeRange r : regular) {
        fill(minute, label, r, Reason.HOURS, null);
      }
    }
    for (DatedClosure c : def.closures()) {
      if (c.date().equals(date)) {
        fill(minute, label, c.effectiveRange(), Reason.CLOSURE, c.label());
      }
    }
    for (ExceptionalOpening o : def.openings()) {
      if (o.date().equals(date)) {
        for (int m = o.range().startMinute(); m < o.range().endMinute(); m++) {
          if (minute[m] != Reason.HOURS) {
            minute[m] = Reason.EXCEPTIONAL_OPENING;
            label[m] = o.label();
          }
        }
      }
    }
    List<DayPlan.Slot> slots = new ArrayList<>();
    int start = 0;
    for (int m = 1; m <= TimeRange.DAY_MINUTES; m++) {
      if (m == TimeRange.DAY_MINUTES || minute[m] != minute[start]
          || !java.util.Objects.equals(label[m], label[start])) {
        slots.add(new DayPlan.Slot(new TimeRange(start, m), minute[start], label[start]));
        start = m;
      }
    }
    return new DayPlan(date, slots);
  }

  /**
   * A working day for the {@code business-days} clock: a day with regular hours that is not a
   * holiday and not closed all day, or any day with an exceptional opening.
   */
  boolean isWorkingDay(LocalDate date) {
    for (ExceptionalOpening o : def.openings()) {
      if (o.date().equals(date)) {
        return true;
      }
    }
    if (def.hours().on(date.getDayOfWeek()).isEmpty() || def.holidays().holidayOn(date).isPresent()) {
      return false;
    }
    for (DatedClosure c : def.closures()) {
      if (c.date().equals(date) && c.range() == null) {
        return false;
      }
    }
    return true;
  }

  private static void fill(Reason[] minute, String[] label, TimeRange r, Reason reason, String text) {
    for (int m = r.startMinute(); m < r.endMinute(); m++) {
      minute[m] = reason;
      label[m] = text;
    }
  }
}

package com.serveurcom.astreinte.calendar;

import java.time.LocalDate;
import java.time.MonthDay;
import java.util.Objects;

/**
 * A holiday the admins add to the French set: either one dated day ({@code date}) or a day that
 * recurs every year ({@code everyYear}, e.g. 26 December in Alsace). Exactly one of the two is set.
 */
public record AddedHoliday(LocalDate date, MonthDay everyYear, String label) {
  public AddedHoliday {
    if ((date == null) == (everyYear == null)) {
      throw new IllegalArgumentException("exactly one of date and everyYear");
    }
    label = Objects.requireNonNullElse(label, "Jour férié");
  }

  public boolean fallsOn(LocalDate day) {
    return date != null ? date.equals(day) : everyYear.getMonth() == day.getMonth()
        && everyYear.getDayOfMonth() == day.getDayOfMonth();
  }
}

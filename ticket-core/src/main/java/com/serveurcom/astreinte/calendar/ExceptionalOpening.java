package com.serveurcom.astreinte.calendar;

import java.time.LocalDate;
import java.util.Objects;

/**
 * A dated opening outside the regular rules (a Saturday, a holiday, an evening). It wins over the
 * regular closed time and over closures of the same day: the admin wrote it on purpose.
 */
public record ExceptionalOpening(LocalDate date, TimeRange range, String label) {
  public ExceptionalOpening {
    Objects.requireNonNull(date, "date");
    Objects.requireNonNull(range, "range");
    label = Objects.requireNonNullElse(label, "Ouverture exceptionnelle");
  }
}

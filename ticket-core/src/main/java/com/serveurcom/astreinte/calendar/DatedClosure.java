package com.serveurcom.astreinte.calendar;

import java.time.LocalDate;
import java.util.Objects;

/** A dated closure decided by the admins: the whole day when {@code range} is null, else that range. */
public record DatedClosure(LocalDate date, TimeRange range, String label) {
  public DatedClosure {
    Objects.requireNonNull(date, "date");
    label = Objects.requireNonNullElse(label, "Fermeture exceptionnelle");
  }

  public TimeRange effectiveRange() {
    return range == null ? TimeRange.WHOLE_DAY : range;
  }
}

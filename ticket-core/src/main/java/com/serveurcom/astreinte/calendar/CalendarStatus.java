package com.serveurcom.astreinte.calendar;

import java.time.Instant;
import java.util.Objects;

/**
 * Open or closed at {@code instant}, why, and when {@code open} next flips ({@code nextChange} is
 * null only for a calendar that never changes state again within the search horizon).
 */
public record CalendarStatus(Instant instant, boolean open, Reason reason, Instant nextChange) {
  public CalendarStatus {
    Objects.requireNonNull(instant, "instant");
    Objects.requireNonNull(reason, "reason");
  }
}

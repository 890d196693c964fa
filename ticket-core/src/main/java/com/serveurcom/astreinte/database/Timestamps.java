package com.serveurcom.astreinte.database;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/**
 * Instants to and from {@code timestamptz} columns. jOOQ maps them to {@link OffsetDateTime}; the
 * code works in {@link Instant}s and stores them in UTC (people read them in Paris time, on output).
 */
public final class Timestamps {
  private Timestamps() {
  }

  /** The column value of an instant; null stays null (an unset column). */
  public static OffsetDateTime utc(Instant instant) {
    return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
  }

  /** The instant of a column value; null stays null. */
  public static Instant instant(OffsetDateTime value) {
    return value == null ? null : value.toInstant();
  }
}

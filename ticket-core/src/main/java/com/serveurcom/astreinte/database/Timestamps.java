package com.serveurcom.astreinte.database;

import com.serveurcom.astreinte.calendar.ParisTime;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

/**
 * Instants to and from {@code timestamptz} columns. jOOQ maps them to {@link OffsetDateTime}; the
 * code works in {@link Instant}s and stores them in UTC (people read them in Paris time, on output).
 */
public final class Timestamps {
  private static final ZoneId PARIS = ParisTime.ZONE;

  private Timestamps() {
  }

  /**
   * An instant as a person reads it in a log line: Paris time with its offset, to the second
   * ({@code 2026-03-01T10:15:00+01:00}); null stays {@code "null"}.
   */
  public static String paris(Instant instant) {
    return instant == null ? "null"
        : DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(instant.truncatedTo(ChronoUnit.SECONDS).atZone(PARIS));
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

package com.serveurcom.astreinte.cli;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/** ISO-8601 instants in and out of the command line: input with Z or an offset, output in UTC with Z. */
final class Instants {
  private Instants() {}

  static Instant parse(String text) {
    String t = text.trim();
    try {
      return OffsetDateTime.parse(t, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException("instant invalide '" + t + "' (attendu ISO-8601 avec Z ou un décalage, ex. 2026-12-25T09:00:00Z)");
    }
  }

  /** Always with seconds (Instant.toString drops nothing, but keeps sub-second digits when present). */
  static String format(Instant i) {
    return i == null ? null : i.toString();
  }
}

package com.serveurcom.astreinte.cli;

import com.serveurcom.astreinte.calendar.ParisTime;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.time.temporal.ChronoField;

/**
 * Instants in and out of the command line. Input: ISO-8601 with Z or an offset. Output: ISO-8601
 * UTC with Z in JSON (for programs), Paris time in text (for people).
 */
final class Instants {
  /** People read times in Paris time, whatever the machine's zone. */
  static final ZoneId PARIS = ParisTime.ZONE;

  private static final DateTimeFormatter MINUTE = DateTimeFormatter.ofPattern("dd/MM/yyyy HH:mm");
  private static final DateTimeFormatter SECOND = DateTimeFormatter.ofPattern("dd/MM/yyyy HH:mm:ss");
  private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm");
  /** Strict (no 30 February silently made 2 March), with the offset required. */
  private static final DateTimeFormatter INPUT =
      DateTimeFormatter.ISO_OFFSET_DATE_TIME.withResolverStyle(ResolverStyle.STRICT)
          .withChronology(java.time.chrono.IsoChronology.INSTANCE);

  private Instants() {}

  static Instant parse(String text) {
    String t = text.trim();
    try {
      return java.time.OffsetDateTime.parse(t, INPUT).toInstant();
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(why(t, e));
    }
  }

  /** Says what is wrong: a date that does not exist is not the same mistake as a missing offset. */
  private static String why(String t, DateTimeParseException e) {
    try {
      LocalDateTime local = LocalDateTime.parse(t.length() >= 19 ? t.substring(0, 19) : t);
      return "instant invalide '" + t + "' : décalage manquant ou illisible après " + local
          + " (attendu Z ou +01:00, ex. 2026-12-25T09:00:00+01:00)";
    } catch (DateTimeParseException notLocal) {
      // fall through
    }
    if (t.length() >= 10 && t.substring(0, 10).matches("\\d{4}-\\d{2}-\\d{2}")) {
      try {
        LocalDate.parse(t.substring(0, 10), DateTimeFormatter.ISO_LOCAL_DATE.withResolverStyle(ResolverStyle.STRICT)
            .withChronology(java.time.chrono.IsoChronology.INSTANCE));
      } catch (DateTimeException noSuchDate) {
        return "la date " + t.substring(0, 10) + " n'existe pas (instant '" + t + "')";
      }
    }
    return "instant invalide '" + t + "' (attendu ISO-8601 avec Z ou un décalage, ex. 2026-12-25T09:00:00+01:00)";
  }

  /** For JSON: UTC with Z, as the API. */
  static String format(Instant i) {
    return i == null ? null : i.toString();
  }

  /** For people: {@code 28/11/2026 01:00 (heure de Paris)}, seconds only when there are some. */
  static String human(Instant i) {
    return i == null ? "-" : local(i) + " (heure de Paris)";
  }

  /** A Paris date and time without the zone's words, for a table whose header names the zone. */
  static String local(Instant i) {
    if (i == null) {
      return "-";
    }
    var z = i.atZone(PARIS);
    return (z.get(ChronoField.SECOND_OF_MINUTE) == 0 ? MINUTE : SECOND).format(z);
  }

  /** Table cells: always to the second, so the columns line up. */
  static String cell(Instant i) {
    return i == null ? "-" : SECOND.format(i.atZone(PARIS));
  }

  /** The Paris date only: {@code 28/11/2026}. */
  static String date(Instant i) {
    return DateTimeFormatter.ofPattern("dd/MM/yyyy").format(i.atZone(PARIS));
  }

  /** The Paris time of day only: {@code 03:12}. */
  static String clock(Instant i) {
    return CLOCK.format(i.atZone(PARIS));
  }

  /** An API instant (ISO-8601 text, or null/absent/"-") for people. */
  static String human(String iso) {
    Instant i = fromApi(iso);
    return i == null ? "-" : human(i);
  }

  static Instant fromApi(String iso) {
    if (iso == null || iso.isBlank() || "-".equals(iso) || "null".equals(iso)) {
      return null;
    }
    try {
      return java.time.OffsetDateTime.parse(iso).toInstant();
    } catch (DateTimeParseException e) {
      return Instant.parse(iso);
    }
  }
}

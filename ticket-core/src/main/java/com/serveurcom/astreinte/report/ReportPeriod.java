package com.serveurcom.astreinte.report;

import com.serveurcom.astreinte.calendar.ParisTime;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;

/**
 * A report's period: Paris calendar days, {@code from} included, {@code to} excluded (so a month
 * is 2026-03-01 to 2026-04-01, whatever its DST change).
 */
public record ReportPeriod(LocalDate from, LocalDate to) {
  public static final ZoneId PARIS = ParisTime.ZONE;

  public ReportPeriod {
    if (!from.isBefore(to)) {
      throw new IllegalArgumentException("la date de fin (" + to + ", exclue) doit suivre la date de début (" + from + ")");
    }
  }

  public Instant start() {
    return from.atStartOfDay(PARIS).toInstant();
  }

  public Instant end() {
    return to.atStartOfDay(PARIS).toInstant();
  }

  public Duration length() {
    return Duration.between(start(), end());
  }

  public boolean contains(Instant i) {
    return !i.isBefore(start()) && i.isBefore(end());
  }

  /** "du 01/03/2026 au 31/03/2026" (the last day included, as managers read it). */
  public String french() {
    java.time.format.DateTimeFormatter f = java.time.format.DateTimeFormatter.ofPattern("dd/MM/yyyy");
    return "du " + from.format(f) + " au " + to.minusDays(1).format(f);
  }
}

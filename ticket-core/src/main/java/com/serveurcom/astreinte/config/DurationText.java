package com.serveurcom.astreinte.config;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Durations as admins write them: "30min", "4h", "1h30", "2j" (j = 24 h); and back for messages. */
final class DurationText {
  private static final Pattern HOURS = Pattern.compile("(\\d{1,4})\\s*h\\s*(?:(\\d{1,2})\\s*(?:min)?)?");
  private static final Pattern MINUTES = Pattern.compile("(\\d{1,6})\\s*min");
  private static final Pattern DAYS = Pattern.compile("(\\d{1,3})\\s*j");

  private DurationText() {}

  /** The duration, or null if the text is not one (the caller reports it). */
  static Duration parse(String text) {
    String t = text.trim();
    Matcher m = HOURS.matcher(t);
    if (m.matches()) {
      int minutes = m.group(2) == null ? 0 : Integer.parseInt(m.group(2));
      return minutes > 59 ? null : Duration.ofHours(Long.parseLong(m.group(1))).plusMinutes(minutes);
    }
    m = MINUTES.matcher(t);
    if (m.matches()) {
      return Duration.ofMinutes(Long.parseLong(m.group(1)));
    }
    m = DAYS.matcher(t);
    if (m.matches()) {
      return Duration.ofDays(Long.parseLong(m.group(1)));
    }
    return null;
  }

  static String format(Duration d) {
    long h = d.toHours();
    int min = d.toMinutesPart();
    if (h == 0) {
      return min + " min";
    }
    return min == 0 ? h + " h" : h + " h " + String.format("%02d", min);
  }
}

package com.serveurcom.astreinte.calendar;

/**
 * A half-open range of local time within one day, at minute precision: [start, end). The end may be
 * 24:00 (1440) so that an admin can write a range that runs to midnight.
 */
public record TimeRange(int startMinute, int endMinute) {
  public static final int DAY_MINUTES = 24 * 60;
  public static final TimeRange WHOLE_DAY = new TimeRange(0, DAY_MINUTES);

  public TimeRange {
    if (startMinute < 0 || endMinute > DAY_MINUTES || startMinute >= endMinute) {
      throw new IllegalArgumentException("bad time range " + startMinute + ".." + endMinute);
    }
  }

  /** {@code of("08:30", "12:30")}. */
  public static TimeRange of(String start, String end) {
    return new TimeRange(parseMinute(start), parseMinute(end));
  }

  /** Parses "HH:MM" (24:00 allowed) into minutes of the day; throws IllegalArgumentException otherwise. */
  public static int parseMinute(String text) {
    if (text == null || text.length() != 5 || text.charAt(2) != ':') {
      throw new IllegalArgumentException("expected HH:MM");
    }
    int h = digits(text, 0);
    int m = digits(text, 3);
    if (h < 0 || m < 0 || m > 59 || h > 24 || (h == 24 && m != 0)) {
      throw new IllegalArgumentException("expected HH:MM");
    }
    return h * 60 + m;
  }

  private static int digits(String s, int i) {
    char a = s.charAt(i);
    char b = s.charAt(i + 1);
    if (a < '0' || a > '9' || b < '0' || b > '9') {
      return -1;
    }
    return (a - '0') * 10 + (b - '0');
  }

  public static String format(int minute) {
    return String.format("%02d:%02d", minute / 60, minute % 60);
  }

  public boolean overlaps(TimeRange other) {
    return startMinute < other.endMinute && other.startMinute < endMinute;
  }

  @Override
  public String toString() {
    return format(startMinute) + "-" + format(endMinute);
  }
}

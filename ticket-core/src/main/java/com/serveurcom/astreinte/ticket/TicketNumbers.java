package com.serveurcom.astreinte.ticket;

import com.serveurcom.astreinte.calendar.ParisTime;
import java.time.Instant;
import java.time.ZoneId;

/** Request numbers: digits only, since callers key them on a phone. */
public final class TicketNumbers {
  /** Issued numbers take the year of the opening in this zone. */
  public static final ZoneId ZONE = ParisTime.ZONE;
  /** Issued numbers: two-digit year then a six-digit sequence, e.g. 26000042. */
  public static final int ISSUED_LENGTH = 8;
  public static final int MAX_SEQUENCE = 999_999;
  /** The longest request number there can be (imported ones included): what a caller is asked to key. */
  public static final int MAX_LENGTH = 12;

  private TicketNumbers() {}

  public static boolean isValid(String number) {
    return number != null && number.matches("[0-9]{4," + MAX_LENGTH + "}");
  }

  public static String requireValid(String number) {
    if (!isValid(number)) {
      throw new IllegalArgumentException("request number must be 4 to 12 digits: '" + number + "'");
    }
    return number;
  }

  /** Two-digit year of {@code openedAt} in Europe/Paris, e.g. {@code 26}. */
  public static int yearPrefix(Instant openedAt) {
    return openedAt.atZone(ZONE).getYear() % 100;
  }

  public static String issued(int yearPrefix, int sequence) {
    if (sequence < 1 || sequence > MAX_SEQUENCE) {
      throw new IllegalStateException("request numbers for year prefix " + yearPrefix + " are exhausted");
    }
    return String.format("%02d%06d", yearPrefix, sequence);
  }
}

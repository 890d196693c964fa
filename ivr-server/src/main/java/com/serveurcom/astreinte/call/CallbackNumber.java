package com.serveurcom.astreinte.call;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Turns what a caller keys or what the caller ID says into an E.164 number a technician can call
 * back, or nothing. French national numbers (10 digits starting with 0) become +33; the
 * international prefix 00 becomes +. Short and premium-rate numbers are refused: nobody can be
 * called back on them.
 */
public final class CallbackNumber {
  private static final Pattern E164 = Pattern.compile("\\+[1-9][0-9]{7,14}");
  private static final Pattern FRENCH_NATIONAL = Pattern.compile("0[1-79][0-9]{8}");

  private CallbackNumber() {}

  public static Optional<String> normalize(String raw) {
    if (raw == null) {
      return Optional.empty();
    }
    String s = raw.replaceAll("[\\s.\\-()]", "");
    if (s.startsWith("00")) {
      s = "+" + s.substring(2);
    }
    if (FRENCH_NATIONAL.matcher(s).matches()) {
      return Optional.of("+33" + s.substring(1));
    }
    if (E164.matcher(s).matches()) {
      if (s.startsWith("+33")) {
        // A French number in E.164 must have 9 digits after +33 and not be premium rate.
        String national = "0" + s.substring(3);
        return FRENCH_NATIONAL.matcher(national).matches() ? Optional.of(s) : Optional.empty();
      }
      return Optional.of(s);
    }
    return Optional.empty();
  }

  /** For logs: keeps the country code and the last two digits ({@code +336******78}). */
  public static String mask(String number) {
    if (number == null || number.length() < 6) {
      return "***";
    }
    int keepStart = number.startsWith("+") ? 4 : 2;
    return number.substring(0, keepStart)
        + "*".repeat(number.length() - keepStart - 2)
        + number.substring(number.length() - 2);
  }
}

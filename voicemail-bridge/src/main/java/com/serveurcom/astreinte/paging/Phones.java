package com.serveurcom.astreinte.paging;

import java.util.regex.Pattern;

/** Phone number helpers for this package: logs never carry a full number. */
public final class Phones {
  private static final Pattern E164 = Pattern.compile("\\+[1-9]\\d{7,14}");
  private static final Pattern ANY_NUMBER = Pattern.compile("\\+?\\d{8,15}");

  private Phones() {
  }

  public static boolean isE164(String phone) {
    return phone != null && E164.matcher(phone).matches();
  }

  /**
   * {@code +33612345678} becomes {@code +336******78}: the country and the kind of line (mobile)
   * stay visible, and the last two digits are enough to tell two technicians apart in a log.
   */
  public static String mask(String phone) {
    if (phone == null) {
      return "null";
    }
    String p = phone.trim();
    if (p.length() <= 6) {
      return "*".repeat(p.length());
    }
    return p.substring(0, 4) + "*".repeat(p.length() - 6) + p.substring(p.length() - 2);
  }

  /**
   * A phone number as a French voice must say it, digit by digit: a French number the way it is
   * dialled in France ({@code +33612345678} and {@code 0033612345678} become « 0 6 1 2 ... »), any other
   * with its country code and no {@code +}. Whatever is not a digit (a name, « inconnu ») is dropped;
   * empty when no digit is left.
   */
  public static String spoken(String number) {
    String digits = number == null ? "" : number.replaceAll("\\D", "");
    if (number != null && number.strip().startsWith("+33") && digits.length() == 11) {
      digits = "0" + digits.substring(2);
    } else if (digits.startsWith("0033") && digits.length() == 13) {
      digits = "0" + digits.substring(4);
    }
    return String.join(" ", digits.split("(?<=.)(?=.)"));
  }

  /** Masks every phone-like run of digits in a free text (Twilio's error messages quote the number). */
  public static String maskAll(String text) {
    if (text == null) {
      return null;
    }
    return ANY_NUMBER.matcher(text).replaceAll(m -> java.util.regex.Matcher.quoteReplacement(mask(m.group())));
  }
}

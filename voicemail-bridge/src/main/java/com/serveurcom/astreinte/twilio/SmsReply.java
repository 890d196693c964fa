package com.serveurcom.astreinte.twilio;

import java.text.Normalizer;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A technician's SMS answer to a page: {@code OK 26000001} takes charge, {@code NON 26000001} declines. */
public sealed interface SmsReply {
  record TakeCharge(String requestNumber) implements SmsReply {
  }

  record Decline(String requestNumber) implements SmsReply {
  }

  /** Anything else: the technician gets the help text. */
  record NotUnderstood() implements SmsReply {
  }

  // Word, optional separator, digits (spaces allowed inside: phones often group them "26 000 001").
  Pattern FORM = Pattern.compile("^(OK|OUI|NON|NO|REFUS|REFUSE)[\\s:#.,;-]*(\\d[\\d\\s.]*)[\\s.!]*$");

  /**
   * Tolerant on purpose, since it is typed on a phone at night: case, accents ("Ok", "oùi", "NÔN"),
   * surrounding and inner spaces, a separator after the word. Strict on the rest: a reply that is not
   * clearly a yes or a no with a number changes nothing.
   */
  static SmsReply parse(String body) {
    if (body == null) {
      return new NotUnderstood();
    }
    String s = Normalizer.normalize(body, Normalizer.Form.NFD).replaceAll("\\p{M}", "")
        .toUpperCase(Locale.ROOT).replace('\u00A0', ' ').strip();
    Matcher m = FORM.matcher(s);
    if (!m.matches()) {
      return new NotUnderstood();
    }
    String number = m.group(2).replaceAll("[\\s.]", "");
    if (number.length() > 20) {
      return new NotUnderstood();
    }
    return switch (m.group(1)) {
      case "OK", "OUI" -> new TakeCharge(number);
      default -> new Decline(number);
    };
  }
}

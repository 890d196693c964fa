package com.serveurcom.astreinte.twilio;

import java.text.Normalizer;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A technician's SMS answer to a page: {@code OK 26000001} takes charge, {@code NON 26000001} declines;
 * after a grouped SMS (issue 13), {@code OK 26000001 26000006} takes charge of several and {@code OK TOUT}
 * of every open request the sender was paged about.
 */
public sealed interface SmsReply {
  record TakeCharge(String requestNumber) implements SmsReply {
  }

  /** {@code OK 26000001 26000006} (spaces, commas or « et » between the numbers), in the order given. */
  record TakeChargeSeveral(java.util.List<String> requestNumbers) implements SmsReply {
    public TakeChargeSeveral {
      requestNumbers = java.util.List.copyOf(requestNumbers);
    }
  }

  /** {@code OK TOUT}: every open request the sender was paged about. */
  record TakeChargeAll() implements SmsReply {
  }

  record Decline(String requestNumber) implements SmsReply {
  }

  /** Anything else: the technician gets the help text. */
  record NotUnderstood() implements SmsReply {
  }

  // Word, optional separator, digits (spaces allowed inside: phones often group them "26 000 001").
  /** Several whole numbers (6 digits or more each, so "26 000 001" stays one number grouped by threes). */
  Pattern SEVERAL = Pattern.compile(
      "^(?:OK|OUI)[\\s:#.,;-]*(\\d{6,20}(?:(?:\\s*[,;]\\s*|\\s+ET\\s+|\\s+)\\d{6,20})+)[\\s.!]*$");
  Pattern ALL = Pattern.compile("^(?:OK|OUI)[\\s:#.,;-]*(?:TOUT|TOUTES|TOUS)[\\s.!]*$");
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
    if (ALL.matcher(s).matches()) {
      return new TakeChargeAll();
    }
    Matcher several = SEVERAL.matcher(s);
    if (several.matches()) {
      java.util.List<String> numbers = new java.util.ArrayList<>();
      for (String n : several.group(1).split("\\s*[,;]\\s*|\\s+ET\\s+|\\s+")) {
        if (!numbers.contains(n)) {
          numbers.add(n);
        }
      }
      return numbers.size() == 1 ? new TakeCharge(numbers.get(0)) : new TakeChargeSeveral(numbers);
    }
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

package com.serveurcom.astreinte.http;

import com.serveurcom.astreinte.ticket.Priority;
import com.serveurcom.astreinte.ticket.Service;
import com.serveurcom.astreinte.ticket.TicketNumbers;
import com.serveurcom.astreinte.ticket.TicketStatus;
import java.util.regex.Pattern;

/**
 * Validation of API input, each failure a 400 naming the field: the stores would reject some of
 * these too, but with messages meant for developers and without the field a client must fix.
 */
final class Input {
  static final int NAME_MAX = 200;
  static final int TEXT_MAX = 10_000;
  static final int EMAIL_MAX = 254;
  static final int ACTOR_MAX = 100;

  private static final Pattern E164 = Pattern.compile("\\+[1-9][0-9]{5,14}");
  // Deliberately loose: a contact address is read by people, not used to route mail.
  private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");

  private Input() {}

  static String ticketNumber(String value, String field) {
    if (!TicketNumbers.isValid(value)) {
      throw ApiException.badRequest("request number must be 4 to 12 digits", field);
    }
    return value;
  }

  static String required(String value, String field, int max) {
    if (value == null || value.isBlank()) {
      throw ApiException.badRequest("required", field);
    }
    return optional(value, field, max);
  }

  /** Trimmed text, null when absent or blank. */
  static String optional(String value, String field, int max) {
    if (value == null || value.isBlank()) {
      return null;
    }
    String v = value.trim();
    if (v.length() > max) {
      throw ApiException.badRequest("longer than " + max + " characters", field);
    }
    if (v.chars().anyMatch(c -> c < 0x20 && c != '\n' && c != '\r' && c != '\t')) {
      throw ApiException.badRequest("control characters are not allowed", field);
    }
    return v;
  }

  static String phone(String value, String field) {
    if (value == null || value.isBlank()) {
      return null;
    }
    String v = value.trim();
    if (!E164.matcher(v).matches()) {
      throw ApiException.badRequest("phone number must be E.164, e.g. +33612345678", field);
    }
    return v;
  }

  static boolean isPhone(String value) {
    return E164.matcher(value).matches();
  }

  static String email(String value, String field) {
    String v = optional(value, field, EMAIL_MAX);
    if (v != null && !EMAIL.matcher(v).matches()) {
      throw ApiException.badRequest("not an e-mail address", field);
    }
    return v;
  }

  static Priority priority(String code, String field) {
    try {
      return Priority.fromCode(required(code, field, 20));
    } catch (IllegalArgumentException e) {
      throw ApiException.badRequest("unknown priority (expected low, medium or high)", field);
    }
  }

  static Service service(String code, String field) {
    try {
      return Service.fromCode(required(code, field, 20));
    } catch (IllegalArgumentException e) {
      throw ApiException.badRequest("unknown service (expected technical, commercial or administrative)", field);
    }
  }

  static TicketStatus status(String code, String field) {
    try {
      return TicketStatus.fromCode(required(code, field, 20));
    } catch (IllegalArgumentException e) {
      throw ApiException.badRequest(
          "unknown status (expected new, in_progress, waiting_customer, resolved or closed)", field);
    }
  }

  static long positiveId(String value, String field) {
    try {
      long id = Long.parseLong(value.trim());
      if (id > 0) {
        return id;
      }
    } catch (NumberFormatException e) {
      // falls through to the 400
    }
    throw ApiException.badRequest("must be a positive integer", field);
  }
}

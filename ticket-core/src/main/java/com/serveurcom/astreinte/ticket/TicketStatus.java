package com.serveurcom.astreinte.ticket;

import java.util.Locale;

/** Life cycle of a request. */
public enum TicketStatus {
  NEW("new", "nouvelle"),
  IN_PROGRESS("in_progress", "en cours"),
  WAITING_CUSTOMER("waiting_customer", "en attente du client"),
  RESOLVED("resolved", "résolue"),
  CLOSED("closed", "clôturée");

  private final String code;
  private final String french;

  TicketStatus(String code, String french) {
    this.code = code;
    this.french = french;
  }

  public String code() {
    return code;
  }

  public String french() {
    return french;
  }

  /** Resolved and closed requests are no longer open. */
  public boolean isOpen() {
    return this != RESOLVED && this != CLOSED;
  }

  public static TicketStatus fromCode(String code) {
    if (code != null) {
      String c = code.trim().toLowerCase(Locale.ROOT);
      for (TicketStatus s : values()) {
        if (s.code.equals(c)) {
          return s;
        }
      }
    }
    throw new IllegalArgumentException("unknown status '" + code
        + "' (expected new, in_progress, waiting_customer, resolved or closed)");
  }
}

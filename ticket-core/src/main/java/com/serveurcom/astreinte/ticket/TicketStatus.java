package com.serveurcom.astreinte.ticket;

/** Life cycle of a request. */
public enum TicketStatus implements Coded {
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

  @Override
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
    return Coded.parse(TicketStatus.class, code, "status");
  }
}

package com.serveurcom.astreinte.ticket;

public class TicketNotFoundException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final String number;

  public TicketNotFoundException(String number) {
    super("no request numbered '" + number + "'");
    this.number = number;
  }

  public String number() {
    return number;
  }
}

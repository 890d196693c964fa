package com.serveurcom.astreinte.ticket;

public class TicketAlreadyExistsException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final String number;

  public TicketAlreadyExistsException(String number) {
    super("request '" + number + "' already exists");
    this.number = number;
  }

  public String number() {
    return number;
  }
}

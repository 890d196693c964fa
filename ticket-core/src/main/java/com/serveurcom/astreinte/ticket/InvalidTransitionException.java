package com.serveurcom.astreinte.ticket;

/** The action is not allowed in the ticket's current status (the API answers 409 Conflict). */
public class InvalidTransitionException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final String number;
  private final TicketStatus status;
  private final String action;

  public InvalidTransitionException(String number, TicketStatus status, String action, String why) {
    super("cannot " + action + " request " + number + " (status " + status.code() + "): " + why);
    this.number = number;
    this.status = status;
    this.action = action;
  }

  public String number() {
    return number;
  }

  public TicketStatus status() {
    return status;
  }

  public String action() {
    return action;
  }
}

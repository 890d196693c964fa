package com.serveurcom.astreinte.ticket;

/** A ticket refers to an account that does not exist. */
public class UnknownAccountException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public UnknownAccountException(long accountId) {
    super("no account with id " + accountId);
  }
}

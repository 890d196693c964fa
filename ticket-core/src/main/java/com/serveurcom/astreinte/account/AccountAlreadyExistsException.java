package com.serveurcom.astreinte.account;

/** An account with this name already exists. */
public class AccountAlreadyExistsException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public AccountAlreadyExistsException(String name) {
    super("account '" + name + "' already exists");
  }
}

package com.serveurcom.astreinte.database;

/** The database could not be reached or started after all configured attempts. */
public class DatabaseUnavailableException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public DatabaseUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}

package com.serveurcom.astreinte;

/**
 * The server will not start, for a reason the person starting it can fix: said in one line (in
 * French, for that person), with the exit status {@code serve} ends with. Nothing was sent.
 */
public final class StartRefused extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** The configuration forbids the start (no real pager): the same status as an invalid config. */
  public static final int CONFIGURATION = 2;
  /** Something else holds what the server needs (data directory, port). */
  public static final int IN_USE = 1;

  private final int exitStatus;

  public StartRefused(int exitStatus, String message) {
    super(message);
    this.exitStatus = exitStatus;
  }

  public int exitStatus() {
    return exitStatus;
  }
}

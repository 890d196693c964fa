package com.serveurcom.astreinte.call;

/** The caller hung up: the flow stops its prompts and keeps what it has collected. */
public final class CallerHungUp extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public CallerHungUp() {
    super("l'appelant a raccroché", null, false, false);
  }
}

package com.serveurcom.astreinte.voicemail;

/** A {@code msgNNNN.txt} that cannot be read as a message: the message is reported, never guessed at. */
public final class MalformedMessageException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public MalformedMessageException(String message) {
    super(message);
  }

  public MalformedMessageException(String message, Throwable cause) {
    super(message, cause);
  }
}

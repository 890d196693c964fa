package com.serveurcom.astreinte.mail;

/**
 * The relay did not take an e-mail, or we cannot tell whether it did.
 *
 * @see Kind
 */
public final class MailFailure extends Exception {
  /** What the failure means for the next attempt. */
  public enum Kind {
    /** Not taken, for now: a 4xx answer, a relay unreachable, a session cut before the end of the data. Sent again later. */
    RETRY,
    /** Refused for good: a 5xx answer (unknown mailbox, policy). Never sent again. */
    PERMANENT,
    /** No answer after the end of the data was sent: the relay may have it. Not sent again by itself. */
    UNCERTAIN
  }

  private final Kind kind;
  private final int replyCode;

  public MailFailure(Kind kind, int replyCode, String message, Throwable cause) {
    super(message, cause);
    this.kind = kind;
    this.replyCode = replyCode;
  }

  public Kind kind() {
    return kind;
  }

  /** The relay's reply code, or -1 when it gave none. */
  public int replyCode() {
    return replyCode;
  }
}

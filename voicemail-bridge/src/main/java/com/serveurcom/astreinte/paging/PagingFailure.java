package com.serveurcom.astreinte.paging;

import java.util.Optional;

/**
 * A page (SMS or call) Twilio did not accept. Checked on purpose: the paging engine must decide, for
 * every attempt, whether to retry (with backoff and a new attempt) or give up and try another channel.
 */
public final class PagingFailure extends Exception {
  private static final long serialVersionUID = 1L;

  /** What the engine may do next. */
  public enum Kind {
    /** 5xx, 429, timeouts, connection errors: the same page may succeed later. */
    RETRYABLE,
    /** 4xx such as 21211 (invalid number) or 20003 (bad credentials): retrying the same request will not help. */
    PERMANENT
  }

  private final Kind kind;
  private final Integer twilioCode;
  private final Integer httpStatus;
  private final boolean uncertain;

  /** Uncertain when Twilio gave no answer at all (see {@link #uncertain()}). */
  public PagingFailure(Kind kind, Integer twilioCode, Integer httpStatus, String message, Throwable cause) {
    this(kind, twilioCode, httpStatus, message, cause, httpStatus == null);
  }

  public PagingFailure(Kind kind, Integer twilioCode, Integer httpStatus, String message, Throwable cause,
      boolean uncertain) {
    super(message, cause);
    this.kind = kind;
    this.twilioCode = twilioCode;
    this.httpStatus = httpStatus;
    this.uncertain = uncertain;
  }

  /**
   * Whether Twilio may have taken the send although we got no answer: a timeout or a connection broken
   * after the request left. Before sending again, the engine asks Twilio what it has. False when the
   * request never left (connection refused) or Twilio answered with an error.
   */
  public boolean uncertain() {
    return uncertain;
  }

  public Kind kind() {
    return kind;
  }

  public boolean retryable() {
    return kind == Kind.RETRYABLE;
  }

  /** Twilio's error code (21211, 20500, ...), empty when Twilio did not answer. */
  public Optional<Integer> twilioCode() {
    return Optional.ofNullable(twilioCode);
  }

  /** HTTP status of Twilio's answer, empty on timeouts and connection errors. */
  public Optional<Integer> httpStatus() {
    return Optional.ofNullable(httpStatus);
  }
}

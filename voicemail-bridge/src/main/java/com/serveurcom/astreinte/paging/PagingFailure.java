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

  /**
   * Why the provider could not take the send, as the provider says it (never read from the message): the
   * voice router's fallback counter is labelled with {@link #code()}.
   */
  public enum Reason {
    /** Any other failure of the provider (Twilio's errors, timeouts). */
    PROVIDER_FAILED("provider_failed"),
    /** The AMI link to the PBX is down, or the Originate could not be written. */
    LINK_DOWN("ami_down"),
    /** The PBX refused the Originate ({@code Permission denied}, ...). */
    REFUSED("originate_refused"),
    /** The PBX took the Originate but could not place the call (no such trunk or extension). */
    NOT_PLACED("not_placed"),
    /** The configured provider does not run on this server (no AMI link configured). */
    UNAVAILABLE("provider_unavailable"),
    /** No provider of the route can say this call (an announcement, and Asterisk has no French speech). */
    CANNOT_SPEAK("cannot_speak");

    private final String code;

    Reason(String code) {
      this.code = code;
    }

    /** The label of the {@code reason} tag of {@code astreinte_voice_fallbacks_total}. */
    public String code() {
      return code;
    }
  }

  private final Kind kind;
  private final Reason reason;
  private final Integer twilioCode;
  private final Integer httpStatus;
  private final boolean uncertain;

  /** Uncertain when Twilio gave no answer at all (see {@link #uncertain()}). */
  public PagingFailure(Kind kind, Integer twilioCode, Integer httpStatus, String message, Throwable cause) {
    this(kind, twilioCode, httpStatus, message, cause, httpStatus == null);
  }

  public PagingFailure(Kind kind, Integer twilioCode, Integer httpStatus, String message, Throwable cause,
      boolean uncertain) {
    this(kind, Reason.PROVIDER_FAILED, twilioCode, httpStatus, message, cause, uncertain);
  }

  /** A failure with its typed reason (the PBX provider's, or the router's own). */
  public PagingFailure(Kind kind, Reason reason, Integer twilioCode, Integer httpStatus, String message,
      Throwable cause, boolean uncertain) {
    super(message, cause);
    this.reason = java.util.Objects.requireNonNull(reason, "reason");
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

  public Reason reason() {
    return reason;
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

package com.serveurcom.astreinte.call;

import java.util.Objects;

/** How a call ended, as recorded and as {@code simulate-call} prints it ({@code registered request=26000001}). */
public record CallOutcome(Kind kind, String detail) {

  public enum Kind {
    ROUTED("routed", "queue"),
    FALLBACK("fallback", null),
    REGISTERED("registered", "request"),
    REFUSED("refused", "reason"),
    ABANDONED("abandoned", "step"),
    ESCALATION("escalation", "level"),
    /** Our side failed; the caller heard an apology and could leave a message on the on-call box. */
    FAILED("failed", "step");

    private final String code;
    private final String detailName;

    Kind(String code, String detailName) {
      this.code = code;
      this.detailName = detailName;
    }

    public String code() {
      return code;
    }
  }

  public CallOutcome {
    Objects.requireNonNull(kind, "kind");
  }

  public static CallOutcome routed(String queue) {
    return new CallOutcome(Kind.ROUTED, queue);
  }

  public static CallOutcome fallback() {
    return new CallOutcome(Kind.FALLBACK, null);
  }

  public static CallOutcome registered(String request) {
    return new CallOutcome(Kind.REGISTERED, request);
  }

  public static CallOutcome refused(String reason) {
    return new CallOutcome(Kind.REFUSED, reason);
  }

  public static CallOutcome abandoned(String step) {
    return new CallOutcome(Kind.ABANDONED, step);
  }

  public static CallOutcome escalation(int level) {
    return new CallOutcome(Kind.ESCALATION, Integer.toString(level));
  }

  public static CallOutcome failed(String step) {
    return new CallOutcome(Kind.FAILED, step);
  }

  /** {@code routed queue=support}, {@code fallback}, {@code refused reason=no_contact}, ... */
  public String line() {
    return kind.detailName == null || detail == null ? kind.code : kind.code + " " + kind.detailName + "=" + detail;
  }
}

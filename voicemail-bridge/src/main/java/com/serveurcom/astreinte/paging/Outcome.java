package com.serveurcom.astreinte.paging;

/** What became of an outbox row in one delivery: the engine turns it into sent, a retry or failed. */
record Outcome(Kind kind, String error, java.time.Instant at) {
  /**
   * {@code SENT}: done, and the outbox row already marked so in the same transaction as the answers.
   * {@code DEFERRED}: not sent yet, on purpose (a rate limit, a call under way): the row comes back at
   * {@link #at()}, and the attempt does not count.
   */
  enum Kind { DONE, SENT, RETRY, FAILED, DEFERRED }

  static final Outcome DONE = new Outcome(Kind.DONE, null, null);
  static final Outcome SENT = new Outcome(Kind.SENT, null, null);

  Outcome(Kind kind, String error) {
    this(kind, error, null);
  }

  static Outcome deferredTo(java.time.Instant at) {
    return new Outcome(Kind.DEFERRED, null, java.util.Objects.requireNonNull(at, "at"));
  }

  static Outcome retry(String error) {
    return new Outcome(Kind.RETRY, error);
  }

  static Outcome failed(String error) {
    return new Outcome(Kind.FAILED, error);
  }
}

package com.serveurcom.astreinte.paging;

/** What became of an outbox row in one delivery: the engine turns it into sent, a retry or failed. */
record Outcome(Kind kind, String error) {
  /** {@code SENT}: done, and the outbox row already marked so in the same transaction as the answers. */
  enum Kind { DONE, SENT, RETRY, FAILED }

  static final Outcome DONE = new Outcome(Kind.DONE, null);
  static final Outcome SENT = new Outcome(Kind.SENT, null);

  static Outcome retry(String error) {
    return new Outcome(Kind.RETRY, error);
  }

  static Outcome failed(String error) {
    return new Outcome(Kind.FAILED, error);
  }
}

package com.serveurcom.astreinte.paging;

import java.util.Objects;

/**
 * The paging engine's answer to a take-charge or a decline.
 *
 * @param outcome       what happened
 * @param requestNumber the request concerned
 * @param customerPhone E.164 number to connect the technician to after a take-charge by voice; null otherwise
 */
public record Ack(Outcome outcome, String requestNumber, String customerPhone) {
  public enum Outcome {
    /** Recorded: take-charge or decline is now the request's state. */
    ACCEPTED,
    /** Someone already took charge of (or declined) this request. */
    ALREADY_HANDLED,
    /** No open on-call request with this number. */
    UNKNOWN_REQUEST,
    /** This phone is not the technician on duty for this request. */
    NOT_ALLOWED
  }

  public Ack {
    Objects.requireNonNull(outcome, "outcome");
    Objects.requireNonNull(requestNumber, "requestNumber");
  }

  public static Ack accepted(String requestNumber, String customerPhone) {
    return new Ack(Outcome.ACCEPTED, requestNumber, customerPhone);
  }

  public static Ack of(Outcome outcome, String requestNumber) {
    return new Ack(outcome, requestNumber, null);
  }

  @Override
  public String toString() {
    return "Ack[" + outcome + ", request=" + requestNumber + ", customer=" + Phones.mask(customerPhone) + "]";
  }
}

package com.serveurcom.astreinte.paging;

import com.serveurcom.astreinte.twilio.PagingFailure;

/**
 * Sends one page. One call is one message handed to the provider (no retry inside): the engine
 * decides about retries, with the idempotency key of the attempt.
 */
public interface Pager {
  /** What the provider answered: its id of the message or call (status callbacks quote it). */
  record Receipt(String sid, String status) {}

  Receipt sendSms(String to, String body, String idempotencyKey) throws PagingFailure;

  /** @param twiml what the callee hears (TwiML document, French) */
  Receipt placeCall(String to, String twiml, String idempotencyKey) throws PagingFailure;

  /** Recorded with each attempt: {@code twilio} or {@code log}. */
  String provider();
}

package com.serveurcom.astreinte.paging;


/**
 * Sends one page. One call is one message handed to the provider (no retry inside): the engine
 * decides about retries, with the idempotency key of the attempt.
 */
public interface Pager {
  /** What the provider answered: its id of the message or call (status callbacks quote it). */
  record Receipt(String sid, String status, String provider) {
    /** A receipt of the pager that was asked ({@link #provider()} is recorded). */
    public Receipt(String sid, String status) {
      this(sid, status, null);
    }

    /** The same receipt, naming the provider that actually took the send (a fallback). */
    public Receipt from(String actualProvider) {
      return new Receipt(sid, status, actualProvider);
    }
  }

  Receipt sendSms(String to, String body, String idempotencyKey) throws PagingFailure;

  /** @param script what the callee hears, in the provider's format ({@link VoiceScripts}), French */
  Receipt placeCall(String to, String script, String idempotencyKey) throws PagingFailure;

  /**
   * A call whose kind the caller knows (the watchdog's self-alarm is an announcement): a router sends it
   * straight to a provider that {@link #speaks} it. A single provider places it as any call.
   */
  default Receipt placeCall(String to, String script, String idempotencyKey, CallKind kind) throws PagingFailure {
    return placeCall(to, script, idempotencyKey);
  }

  /** Whether this provider can say calls of this kind (the operator's Asterisk has no French speech). */
  default boolean speaks(CallKind kind) {
    return true;
  }

  /**
   * An SMS whose text carries {@code tag}, a few characters unique to the page part and the same at every
   * attempt: after an ambiguous failure, {@link #findSent} recognises the message by it. A pager that cannot
   * look a send up ignores it.
   */
  default Receipt sendSms(String to, String body, String idempotencyKey, String tag) throws PagingFailure {
    return sendSms(to, body, idempotencyKey);
  }

  /**
   * After an attempt that got no answer (timeout, broken connection): the send the provider took for this
   * part since {@code since}, if any. {@code channel} is {@code sms} (matched on {@code tag}) or
   * {@code voice} (a call to {@code to} whose id is none of {@code knownSids}). Empty means known not to
   * have gone out; a provider that cannot tell answers empty, and the part is sent again.
   *
   * @throws PagingFailure when the provider cannot be asked now: the part is then not sent either
   */
  default java.util.Optional<Receipt> findSent(String channel, String to, String tag, java.time.Instant since,
      java.util.Set<String> knownSids) throws PagingFailure {
    return java.util.Optional.empty();
  }

  /** Recorded with each attempt: {@code twilio}, {@code asterisk} or {@code log}. */
  String provider();

  /**
   * The provider a send on {@code channel} ({@code sms} or {@code voice}) is written ahead with; a receipt
   * naming another (a fallback took the send) replaces it.
   */
  default String provider(String channel) {
    return provider();
  }
}

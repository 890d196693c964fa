package com.serveurcom.astreinte.call;

import java.time.Duration;

/**
 * Tunables of the support line's flow.
 *
 * @param queue the agents' queue
 * @param queueTimeout how long a caller waits in the queue before the call-back fallback
 * @param onCallMailbox where on-call messages are recorded ({@code 100@astreinte})
 * @param fallbackMailbox where callers leave a call-back message when no agent answers
 * @param digitTimeout how long Asterisk waits for the first or next key
 * @param tries how many times the caller may key a request number or a call-back number
 */
public record SupportLineSettings(
    String queue,
    Duration queueTimeout,
    String onCallMailbox,
    String fallbackMailbox,
    Duration digitTimeout,
    int tries) {

  public static SupportLineSettings defaults() {
    return new SupportLineSettings("support", Duration.ofSeconds(120), "100@astreinte", "200@astreinte",
        Duration.ofSeconds(6), 3);
  }
}

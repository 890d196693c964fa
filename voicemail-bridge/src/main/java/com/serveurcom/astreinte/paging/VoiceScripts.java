package com.serveurcom.astreinte.paging;

import java.net.URI;

/**
 * What a paged person hears, in the voice provider's own format (TwiML for Twilio): the engine chooses
 * what to say, a provider package says it. A second voice provider is a second implementation.
 */
public interface VoiceScripts {
  /**
   * A page the callee can act on: the summary, the customer's recording, then the keypad menu (take
   * charge and be connected, decline, hear again).
   */
  String page(PageSummary summary, URI recording);

  /** A text said once, then the call ends (orphan messages, escalation notices, the self-alarm). */
  String announce(String text);
}

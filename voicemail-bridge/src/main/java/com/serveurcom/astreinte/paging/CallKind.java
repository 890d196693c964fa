package com.serveurcom.astreinte.paging;

/**
 * What a voice call says, which decides the provider that can place it: a page plays the request and its
 * keypad menu (Twilio's TwiML, or the PBX's {@code page} script with its recorded prompts); an announcement
 * says a free French text once (escalation notices, messages without a request, the watchdog's
 * self-alarm), which needs speech synthesis: Twilio has it, the operator's Asterisk has none.
 */
public enum CallKind {
  PAGE,
  ANNOUNCEMENT;

  /**
   * The kind of a send of the outbox, from its idempotency token ({@code <row key>#<attempt>|<part>}): the
   * rows of a request's page chain, and only they, have keys {@code page:<ticket>:...} (PageChain); every
   * other row that calls (escalation notices, orphan messages) and the watchdog say a text.
   */
  public static CallKind ofToken(String idempotencyToken) {
    return idempotencyToken != null && idempotencyToken.startsWith("page:") ? PAGE : ANNOUNCEMENT;
  }
}

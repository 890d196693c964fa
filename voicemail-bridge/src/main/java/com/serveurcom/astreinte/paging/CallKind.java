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
   * What a call sent for an outbox row of {@code kind} says: the request's page (its chain, a person page
   * covering several, a put-through asked from the technician's page) or a text. Checked complete by the
   * compiler: a new kind of row must say which.
   */
  public static CallKind of(com.serveurcom.astreinte.outbox.OutboxMessage.Kind kind) {
    return switch (kind) {
      case PAGE, PAGE_FOLLOW_UP, PERSON_PAGE, CUSTOMER_CALL -> PAGE;
      case ORPHAN_PAGE, CUSTOMER_SMS, ESCALATION_NOTICE, DEADLINE_WARNING, EMAIL -> ANNOUNCEMENT;
    };
  }
}

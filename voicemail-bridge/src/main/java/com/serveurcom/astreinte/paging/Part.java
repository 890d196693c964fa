package com.serveurcom.astreinte.paging;

/**
 * One send of an outbox row: an SMS or a call to one person. {@code name} names it within the row
 * ({@code sms:alice}, {@code voice:c1}): with the row's key it is the part's key in {@code page_attempt}.
 *
 * @param content the SMS text, or the call's TwiML
 */
record Part(String name, String channel, Recipient to, String content) {
  static Part sms(Recipient to, String text) {
    return new Part("sms:" + to.id(), "sms", to, text);
  }

  static Part voice(Recipient to, String script) {
    return new Part("voice:" + to.id(), "voice", to, script);
  }
}

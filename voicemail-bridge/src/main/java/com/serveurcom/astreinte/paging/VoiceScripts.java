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

  /**
   * One call covering several requests waiting for the callee (issue 13): {@code intro} (« il y a 3
   * demandes en attente »), then each page in turn with its own keys (take charge, decline, next).
   * This default presents the first page alone (the others are listed in the grouped SMS); a provider
   * that can chain pages in one call says them all.
   */
  default String cover(String intro, java.util.List<PageSummary> pages, java.util.List<URI> recordings) {
    return page(pages.get(0), recordings.get(0));
  }
}

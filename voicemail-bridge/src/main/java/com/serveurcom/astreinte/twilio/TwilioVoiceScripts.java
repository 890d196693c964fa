package com.serveurcom.astreinte.twilio;

import com.serveurcom.astreinte.paging.PageSummary;
import com.serveurcom.astreinte.paging.VoiceScripts;
import java.net.URI;
import java.util.Objects;

/** Voice pages as TwiML: the keypress menu posts back to {@link TwilioWebhooks#GATHER_PATH} under the public URL. */
public final class TwilioVoiceScripts implements VoiceScripts {
  private final PageTwiml twiml;
  private final URI publicBase;

  /** @param publicBase {@code ASTREINTE_PUBLIC_URL}, where Twilio reaches our webhooks */
  public TwilioVoiceScripts(PageTwiml twiml, URI publicBase) {
    this.twiml = Objects.requireNonNull(twiml, "twiml");
    String s = Objects.requireNonNull(publicBase, "publicBase").toString();
    this.publicBase = s.endsWith("/") ? URI.create(s.substring(0, s.length() - 1)) : publicBase;
  }

  @Override
  public String page(PageSummary summary, URI recording) {
    return twiml.page(summary, recording, URI.create(publicBase + TwilioWebhooks.GATHER_PATH + "?request="
        + summary.requestNumber()));
  }

  /**
   * Issue 13: the intro, then the first request with its keys; the gather URL carries the requests still
   * to present ({@code suivantes}), each presented in turn by {@link TwilioWebhooks#gather}.
   */
  @Override
  public String cover(String intro, java.util.List<PageSummary> pages, java.util.List<URI> recordings) {
    java.util.List<String> rest = pages.stream().skip(1).map(PageSummary::requestNumber).toList();
    return twiml.coverPage(intro, pages.get(0), recordings.get(0), TwilioWebhooks.coverAction(publicBase,
        pages.get(0).requestNumber(), rest, false));
  }

  @Override
  public String announce(String text) {
    return twiml.sayAndHangup(text);
  }
}

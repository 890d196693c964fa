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

  @Override
  public String announce(String text) {
    return twiml.sayAndHangup(text);
  }
}

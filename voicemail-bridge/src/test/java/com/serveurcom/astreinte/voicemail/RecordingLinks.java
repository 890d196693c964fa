package com.serveurcom.astreinte.voicemail;

import com.serveurcom.astreinte.paging.SignedUrls;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * Public, signed, expiring links to stored recordings ({@code <public base>/recordings/<msg_id>.wav?exp=…&sig=…}),
 * for the pages: Twilio's {@code <Play>} and the SMS text. Served by ivr-server's recording route.
 */
public final class RecordingLinks {
  /** Long enough for the whole page chain and re-pages of one night, short enough that a leaked SMS soon stops working. */
  public static final Duration DEFAULT_VALIDITY = Duration.ofHours(24);

  private final SignedUrls signer;
  private final String publicBase;
  private final Duration validity;
  private final Clock clock;

  /** @param publicBase {@code ASTREINTE_PUBLIC_URL}, e.g. {@code https://astreinte.example.com} */
  public RecordingLinks(SignedUrls signer, URI publicBase, Duration validity, Clock clock) {
    this.signer = Objects.requireNonNull(signer, "signer");
    String base = Objects.requireNonNull(publicBase, "publicBase").toString();
    this.publicBase = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
    this.validity = Objects.requireNonNull(validity, "validity");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  public URI link(String msgId) {
    return URI.create(publicBase + signer.sign(RecordingStore.urlPath(msgId), clock.instant().plus(validity)));
  }
}

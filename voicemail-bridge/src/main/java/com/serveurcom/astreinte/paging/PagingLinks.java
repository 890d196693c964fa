package com.serveurcom.astreinte.paging;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * The links a page carries to our own HTTP side: the customer's recording, signed. (The keypress
 * action of a voice page is the voice provider's business.)
 *
 * @param publicBase     {@code ASTREINTE_PUBLIC_URL} (no trailing slash)
 * @param signer         signs recording links when {@code ASTREINTE_URL_SIGNING_SECRET} is set; without it
 *                       the link is unsigned (the HTTP layer should then refuse to serve recordings)
 * @param recordingTtl   how long a recording link stays valid: longer than the 30-minute chain
 */
public record PagingLinks(URI publicBase, Optional<SignedUrls> signer, Duration recordingTtl) {
  public static final URI DEFAULT_PUBLIC_BASE = URI.create("http://127.0.0.1:8080");

  public PagingLinks {
    Objects.requireNonNull(publicBase, "publicBase");
    String s = publicBase.toString();
    publicBase = s.endsWith("/") ? URI.create(s.substring(0, s.length() - 1)) : publicBase;
    Objects.requireNonNull(signer, "signer");
    Objects.requireNonNull(recordingTtl, "recordingTtl");
  }

  public static PagingLinks of(URI publicBase, Optional<SignedUrls> signer) {
    return new PagingLinks(publicBase, signer, Duration.ofHours(24));
  }

  /**
   * Fallback when the voicemail side stored no recording for the request:
   * {@code /recordings/<request>/<n>}, signed when a secret is configured; n counts from 1. */
  public URI recordingUrl(String requestNumber, int messageIndex, Instant now) {
    String path = "/recordings/" + requestNumber + "/" + messageIndex;
    String signed = signer.map(s -> s.sign(path, now.plus(recordingTtl))).orElse(path);
    return URI.create(publicBase + signed);
  }

  /** The stored recording {@code /recordings/<msg_id>.wav} served by the voicemail side, signed likewise. */
  public URI messageUrl(String msgId, Instant now) {
    String path = com.serveurcom.astreinte.voicemail.RecordingStore.urlPath(msgId);
    String signed = signer.map(s -> s.sign(path, now.plus(recordingTtl))).orElse(path);
    return URI.create(publicBase + signed);
  }

  /** Where a technician's page lives: {@code /p/<on-call request id>/<technician id>} (issue 15). */
  public static final String TECHNICIAN_PAGE_PREFIX = "/p/";
  /** How long a technician's link outlives the take-charge window: a late look at the request still works. */
  public static final Duration TECHNICIAN_PAGE_GRACE = Duration.ofHours(12);

  /**
   * The technician's page of one on-call request, for that technician only (the path names both and the
   * signature covers the path), valid until {@code chainEnd} plus {@link #TECHNICIAN_PAGE_GRACE}; empty
   * without a signing secret (an unsigned link would be a door open to anyone).
   */
  public Optional<URI> technicianPage(long requestId, String technicianId, Instant chainEnd) {
    if (signer.isEmpty()) {
      return Optional.empty();
    }
    String path = TECHNICIAN_PAGE_PREFIX + requestId + "/"
        + java.net.URLEncoder.encode(technicianId, java.nio.charset.StandardCharsets.UTF_8).replace("+", "%20");
    return Optional.of(URI.create(publicBase + signer.get().sign(path, chainEnd.plus(TECHNICIAN_PAGE_GRACE))));
  }

}

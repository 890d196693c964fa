package com.serveurcom.astreinte.pbx;

import java.time.Instant;
import java.util.Objects;

/**
 * A voice page placed through the PBX: what the {@code page} FastAGI script needs when the technician
 * answers. {@code pageId} is the Originate's {@code ChannelId} and {@code PAGE_ID} variable, and the
 * provider id recorded on the attempt.
 *
 * @param requestNumber the on-call request (ticket) number the page is about
 * @param phone         the technician's mobile (E.164): the acknowledgement is theirs
 * @param token         the attempt's idempotency token: outcomes are recorded by it
 */
public record PlacedPage(String pageId, String requestNumber, String phone, String token, Instant placedAt) {
  public PlacedPage {
    Objects.requireNonNull(pageId, "pageId");
    Objects.requireNonNull(requestNumber, "requestNumber");
    Objects.requireNonNull(phone, "phone");
  }
}

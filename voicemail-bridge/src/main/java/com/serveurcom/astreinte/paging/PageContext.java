package com.serveurcom.astreinte.paging;

import java.net.URI;
import java.util.Objects;

/** What is needed to play a page again (key 3): its summary and a freshly signed recording URL. */
public record PageContext(PageSummary summary, URI recordingUrl) {
  public PageContext {
    Objects.requireNonNull(summary, "summary");
    Objects.requireNonNull(recordingUrl, "recordingUrl");
  }
}

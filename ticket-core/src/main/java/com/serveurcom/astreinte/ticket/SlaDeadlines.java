package com.serveurcom.astreinte.ticket;

import java.time.Instant;
import java.util.Objects;

/** The two commitments of a request: taken in charge by, resolved by. */
public record SlaDeadlines(Instant takeChargeBy, Instant resolveBy) {
  public SlaDeadlines {
    Objects.requireNonNull(takeChargeBy, "takeChargeBy");
    Objects.requireNonNull(resolveBy, "resolveBy");
  }
}

package com.serveurcom.astreinte.rota;

import java.time.Instant;
import java.util.Objects;

/**
 * A dated exception to the rotation (holiday cover, swap): {@code technicianId} is on duty in
 * [{@code from}, {@code to}) instead of whoever the rotation names. {@code reason} is free text for
 * people (may be null).
 */
public record RotaOverride(Instant from, Instant to, String technicianId, String reason) {
  public RotaOverride {
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(to, "to");
    Objects.requireNonNull(technicianId, "technicianId");
    if (!to.isAfter(from)) {
      throw new IllegalArgumentException("override ends at " + to + ", not after its start " + from);
    }
  }

  public boolean covers(Instant at) {
    return !at.isBefore(from) && at.isBefore(to);
  }
}

package com.serveurcom.astreinte.sla;

import java.util.Objects;

/** The two commitments of one priority. */
public record PriorityTargets(SlaTarget takeCharge, SlaTarget resolve) {
  public PriorityTargets {
    Objects.requireNonNull(takeCharge, "takeCharge");
    Objects.requireNonNull(resolve, "resolve");
  }
}

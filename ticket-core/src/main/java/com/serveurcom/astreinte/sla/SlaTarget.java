package com.serveurcom.astreinte.sla;

import java.time.Duration;
import java.util.Objects;

/** One commitment: a duration counted on a clock ("4 h in business hours"). */
public record SlaTarget(Duration duration, SlaClock clock) {
  public SlaTarget {
    Objects.requireNonNull(duration, "duration");
    Objects.requireNonNull(clock, "clock");
    if (duration.isNegative() || duration.isZero()) {
      throw new IllegalArgumentException("duration must be positive");
    }
  }
}

package com.serveurcom.astreinte.calendar;

import java.time.Instant;
import java.util.Objects;

/**
 * A manual "force open" / "force closed" set by an operator at {@code since}. With {@code until}
 * null it lasts until the next natural change of the calendar after {@code since} (e.g. "closed now,
 * until the normal reopening"); otherwise until that instant. It is a value passed to the calendar,
 * not state inside it, so the store that persists it stays outside the time rules.
 */
public record ManualOverride(boolean open, Instant since, Instant until) {
  public ManualOverride {
    Objects.requireNonNull(since, "since");
    if (until != null && !until.isAfter(since)) {
      throw new IllegalArgumentException("until must be after since");
    }
  }

  public static ManualOverride forceOpen(Instant since, Instant until) {
    return new ManualOverride(true, since, until);
  }

  public static ManualOverride forceClosed(Instant since, Instant until) {
    return new ManualOverride(false, since, until);
  }
}

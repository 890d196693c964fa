package com.serveurcom.astreinte.agi;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The clock of a demo server ({@code serve --demo}): it runs at the pace of the real one, from the
 * instant the last dry-run call chose ({@code simulate-call --at}). Everything the call leads to
 * (its record, the on-call request, the pages, the take-charge, the escalations) is then dated in
 * the same story, so the demo's reports show what the person did. A production server never gets
 * one: there a caller cannot choose the time its call is judged at.
 */
public final class DryRunClock extends Clock {
  private final Clock real;
  private final AtomicReference<Duration> offset = new AtomicReference<>(Duration.ZERO);

  public DryRunClock(Clock real) {
    this.real = real;
  }

  /** From now on, this clock reads {@code at}, then goes on at the real pace. */
  public void moveTo(Instant at) {
    offset.set(Duration.between(real.instant(), at));
  }

  @Override
  public Instant instant() {
    return real.instant().plus(offset.get());
  }

  @Override
  public ZoneId getZone() {
    return real.getZone();
  }

  @Override
  public Clock withZone(ZoneId zone) {
    DryRunClock self = this;
    // A view in another zone that still follows moveTo.
    return new Clock() {
      @Override
      public Instant instant() {
        return self.instant();
      }

      @Override
      public ZoneId getZone() {
        return zone;
      }

      @Override
      public Clock withZone(ZoneId other) {
        return self.withZone(other);
      }
    };
  }
}

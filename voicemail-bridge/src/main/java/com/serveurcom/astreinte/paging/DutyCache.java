package com.serveurcom.astreinte.paging;

import com.serveurcom.astreinte.rota.OnDuty;
import com.serveurcom.astreinte.rota.Rota;
import java.time.Duration;
import java.time.Instant;

/**
 * Who is on duty only changes at a hand-over, but finding out walks the rota's timeline; under a
 * burst of pages that walk was a tenth of the engine's CPU. The answer is kept for its stretch
 * (at most a minute), and for this rota only: a reloaded rota is a new object.
 */
final class DutyCache {
  private record Stretch(Rota rota, OnDuty duty, Instant from, Instant until) {}

  private volatile Stretch last;

  OnDuty onDuty(Rota rota, Instant now) {
    Stretch s = last;
    if (s != null && s.rota() == rota && !now.isBefore(s.from()) && now.isBefore(s.until())) {
      return s.duty();
    }
    OnDuty duty = rota.onDutyAt(now);
    Instant cap = now.plus(Duration.ofMinutes(1));
    Instant until = duty.until() == null || duty.until().isAfter(cap) ? cap : duty.until();
    last = new Stretch(rota, duty, duty.since() == null ? now : duty.since(), until);
    return duty;
  }
}

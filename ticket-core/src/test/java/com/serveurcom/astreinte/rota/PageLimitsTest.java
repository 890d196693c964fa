package com.serveurcom.astreinte.rota;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Issue 13: the sliding-window rules that say when the next send to a person (or from the server) may go. */
class PageLimitsTest {
  static final Instant NOW = Instant.parse("2026-01-10T22:30:00Z");
  static final List<PageLimits.Rule> PERSON_SMS = PageLimits.defaults().personSms(); // 1/1 min, 6/15 min

  @Test
  void nothingSentMeansNow() {
    assertThat(PageLimits.nextAllowed(PERSON_SMS, List.of(), NOW)).isEqualTo(NOW);
  }

  @Test
  void oneAMinuteWaitsForTheLastSendToLeaveTheWindow() {
    Instant last = NOW.minusSeconds(20);
    assertThat(PageLimits.nextAllowed(PERSON_SMS, List.of(last), NOW)).isEqualTo(last.plusSeconds(60));
    // Exactly one minute later the window (now - 1 min, now] no longer holds it.
    assertThat(PageLimits.nextAllowed(PERSON_SMS, List.of(NOW.minusSeconds(60)), NOW)).isEqualTo(NOW);
  }

  @Test
  void theSixthSendInFifteenMinutesWaitsForTheOldestOfTheSixToLeave() {
    List<Instant> six = List.of(NOW.minus(Duration.ofMinutes(14)), NOW.minus(Duration.ofMinutes(12)),
        NOW.minus(Duration.ofMinutes(9)), NOW.minus(Duration.ofMinutes(6)), NOW.minus(Duration.ofMinutes(4)),
        NOW.minus(Duration.ofMinutes(2)));
    // In any order: the rule counts the newest six.
    assertThat(PageLimits.nextAllowed(PERSON_SMS, reversed(six), NOW)).isEqualTo(NOW.plus(Duration.ofMinutes(1)));
    assertThat(PageLimits.nextAllowed(PERSON_SMS, six.subList(1, 6), NOW)).isEqualTo(NOW);
  }

  @Test
  void aLoneRequestsChainIsNeverHeldByTheDefaults() {
    // Pages every 5 minutes for 30 minutes: at each one, the earlier ones of the chain.
    for (int step = 1; step < 6; step++) {
      Instant at = NOW.plus(Duration.ofMinutes(5L * step));
      List<Instant> before = new java.util.ArrayList<>();
      for (int k = 0; k < step; k++) {
        before.add(NOW.plus(Duration.ofMinutes(5L * k)));
      }
      assertThat(PageLimits.nextAllowed(PageLimits.defaults().personSms(), before, at)).isEqualTo(at);
      assertThat(PageLimits.nextAllowed(PageLimits.defaults().personVoice(), before, at)).isEqualTo(at);
    }
  }

  private static List<Instant> reversed(List<Instant> l) {
    List<Instant> r = new java.util.ArrayList<>(l);
    java.util.Collections.reverse(r);
    return r;
  }

  @Test
  void aRuleIsAPositiveCountOverAPositivePeriod() {
    assertThatThrownBy(() -> new PageLimits.Rule(0, Duration.ofMinutes(1))).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new PageLimits.Rule(1, Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
  }
}

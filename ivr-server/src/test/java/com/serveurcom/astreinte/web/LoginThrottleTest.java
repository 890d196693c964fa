package com.serveurcom.astreinte.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.serveurcom.astreinte.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class LoginThrottleTest {
  final MutableClock clock = new MutableClock(Instant.parse("2026-01-10T22:00:00Z"));
  final LoginThrottle throttle = new LoginThrottle(new LoginThrottle.Limits(3, 5, Duration.ofMinutes(15)), clock);

  @Test
  void anAddressWaitsAfterItsFailuresUntilTheOldestLeavesTheWindow() {
    for (int i = 0; i < 3; i++) {
      assertThat(throttle.check("10.0.0.1")).isEmpty();
      throttle.failed("10.0.0.1");
      clock.set(clock.instant().plusSeconds(60));
    }
    var refusal = throttle.check("10.0.0.1").orElseThrow();
    assertThat(refusal.overall()).isFalse();
    assertThat(refusal.retryAfter()).isEqualTo(Duration.ofMinutes(12));
    // Another address is not held by this one.
    assertThat(throttle.check("10.0.0.2")).isEmpty();
    clock.set(clock.instant().plus(Duration.ofMinutes(12)));
    assertThat(throttle.check("10.0.0.1")).isEmpty();
  }

  @Test
  void everyoneWaitsAfterTooManyFailuresInAll() {
    for (int i = 0; i < 5; i++) {
      throttle.failed("10.0.1." + i);
    }
    var refusal = throttle.check("10.0.2.1").orElseThrow();
    assertThat(refusal.overall()).isTrue();
    assertThat(refusal.retryAfter()).isEqualTo(Duration.ofMinutes(15));
    clock.set(clock.instant().plus(Duration.ofMinutes(15)));
    assertThat(throttle.check("10.0.2.1")).isEmpty();
  }

  @Test
  void aSuccessForgetsItsAddressesFailures() {
    throttle.failed("10.0.0.1");
    throttle.failed("10.0.0.1");
    throttle.succeeded("10.0.0.1");
    throttle.failed("10.0.0.1");
    throttle.failed("10.0.0.1");
    assertThat(throttle.check("10.0.0.1")).isEmpty();
  }

  @Test
  void manyAddressesDoNotGrowWithoutEnd() {
    LoginThrottle wide = new LoginThrottle(new LoginThrottle.Limits(1, 1_000_000, Duration.ofMinutes(15)), clock);
    for (int i = 0; i < LoginThrottle.MAX_ADDRESSES + 10; i++) {
      wide.failed("a" + i);
    }
    assertThat(wide.check("a0")).isPresent();
    // Past the cap a newcomer is not remembered one by one (the overall limit still counts it).
    assertThat(wide.check("a" + (LoginThrottle.MAX_ADDRESSES + 5))).isEmpty();
    clock.set(clock.instant().plus(Duration.ofMinutes(16)));
    wide.failed("nouveau");
    assertThat(wide.check("nouveau")).isPresent();
  }
}

package com.serveurcom.astreinte.agi;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class CallAdmissionTest {
  final AtomicLong now = new AtomicLong();
  final CallAdmission admission = new CallAdmission(100, Duration.ofMillis(3), now::get);

  void window(int commands, int slowOnes) {
    for (int i = 0; i < commands; i++) {
      admission.thinkTime(i < slowOnes ? 4_000_000 : 100_000);
    }
    now.addAndGet(CallAdmission.WINDOW.toNanos());
  }

  int admitAll(int n) {
    int admitted = 0;
    for (int i = 0; i < n; i++) {
      if (admission.admit()) {
        admitted++;
      }
    }
    return admitted;
  }

  @Test
  void theCeilingHoldsWhateverTheThinkTime() {
    assertThat(admitAll(150)).isEqualTo(100);
    admission.release();
    assertThat(admission.admit()).isTrue();
    assertThat(admission.admit()).isFalse();
  }

  @Test
  void slowThinkingLowersTheLimitAndNewCallsAreRefusedUntilItHoldsAgain() {
    assertThat(admitAll(90)).isEqualTo(90);
    window(1000, 20); // 2 % over the target: p99 over it
    assertThat(admission.admit()).isFalse();
    assertThat(admission.limit()).isEqualTo(80);
    window(1000, 20);
    assertThat(admission.admit()).isFalse();
    assertThat(admission.limit()).isEqualTo(64);
    assertThat(admission.inProgress()).isEqualTo(90);

    // Calls end; the ones in progress think fast again while new ones knock: the limit grows back.
    for (int i = 0; i < 40; i++) {
      admission.release();
    }
    assertThat(admitAll(40)).isEqualTo(14);
    for (int i = 0; i < 20; i++) {
      window(1000, 5);
      admitAll(10);
    }
    assertThat(admission.limit()).isEqualTo(100);
  }

  @Test
  void aFewCommandsSayNothingAndAQuietLineIsNeverCutBelowTheFloor() {
    admitAll(5);
    window(CallAdmission.MIN_COMMANDS - 1, CallAdmission.MIN_COMMANDS - 1);
    admission.admit();
    assertThat(admission.limit()).isEqualTo(100);
    for (int i = 0; i < 30; i++) {
      window(1000, 1000);
      admission.admit();
    }
    assertThat(admission.limit()).isEqualTo(20);
  }

  @Test
  void atTheFloorFewCommandsPerWindowStillAddUpAndTheLimitGrowsBack() {
    for (int i = 0; i < 30; i++) {
      window(1000, 1000);
      admission.admit();
    }
    assertThat(admission.limit()).isEqualTo(20);
    // 20 calls in progress send about 40 commands per window, under MIN_COMMANDS: windows stretch
    // until enough commands are seen, and fast ones with callers knocking raise the limit again.
    for (int i = 0; i < 60; i++) {
      window(CallAdmission.MIN_COMMANDS - 10, 0);
      admitAll(40);
    }
    assertThat(admission.limit()).isGreaterThan(40);
  }

  @Test
  void aZeroTargetBoundsByTheCeilingOnly() {
    CallAdmission fixed = new CallAdmission(10, Duration.ZERO, now::get);
    for (int i = 0; i < 1000; i++) {
      fixed.thinkTime(1_000_000_000);
    }
    now.addAndGet(Duration.ofSeconds(1).toNanos());
    int admitted = 0;
    for (int i = 0; i < 20; i++) {
      admitted += fixed.admit() ? 1 : 0;
    }
    assertThat(admitted).isEqualTo(10);
  }
}

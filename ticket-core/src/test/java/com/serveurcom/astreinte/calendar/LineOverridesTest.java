package com.serveurcom.astreinte.calendar;

import static org.assertj.core.api.Assertions.assertThat;

import com.serveurcom.astreinte.testing.MutableClock;
import com.serveurcom.astreinte.testing.TestDatabase;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class LineOverridesTest {
  @RegisterExtension static final TestDatabase db = new TestDatabase();

  @Test
  void aChangeMadeHereIsSeenAtOnceAndManyCallersAgree() throws Exception {
    MutableClock clock = new MutableClock(Instant.parse("2026-11-28T02:00:00Z"));
    LineOverrides overrides = new LineOverrides(db.database(), clock);
    assertThat(overrides.current()).isEmpty();

    overrides.set(true, Instant.parse("2026-11-28T06:00:00Z"), "alice");
    assertThat(overrides.current()).map(ManualOverride::open).contains(true);

    // Callers arriving together, with nothing cached yet: all wait for the one read and agree.
    LineOverrides fresh = new LineOverrides(db.database(), clock);
    ExecutorService pool = Executors.newFixedThreadPool(32);
    CountDownLatch go = new CountDownLatch(1);
    List<Future<Optional<ManualOverride>>> seen = new ArrayList<>();
    for (int i = 0; i < 32; i++) {
      seen.add(pool.submit(() -> {
        go.await();
        return fresh.current();
      }));
    }
    go.countDown();
    for (Future<Optional<ManualOverride>> f : seen) {
      assertThat(f.get(10, TimeUnit.SECONDS)).map(ManualOverride::open).contains(true);
    }
    pool.shutdown();

    overrides.clear("alice");
    assertThat(overrides.current()).isEmpty();
  }
}

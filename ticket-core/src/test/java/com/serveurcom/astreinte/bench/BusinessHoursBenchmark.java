package com.serveurcom.astreinte.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.serveurcom.astreinte.calendar.BusinessCalendar;
import com.serveurcom.astreinte.calendar.CalendarDefinition;
import java.time.Duration;
import java.time.Instant;
import java.util.Random;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Average cost of the time rules' hot operations, without JMH (not in the build): random instants
 * over five years, a warm-up long enough for the JIT, then several timed rounds; the best and the
 * median round are printed. Run it with
 * {@code java -cp ticket-core/target/classes:ticket-core/target/test-classes com.serveurcom.astreinte.bench.BusinessHoursBenchmark}
 * (the calendar needs nothing but the JDK). Excluded from the unit tests by its tag.
 */
@Tag("benchmark")
class BusinessHoursBenchmark {
  private static final int N = 1_000_000;
  private static final Duration[] AMOUNTS = {
      Duration.ofHours(4), Duration.ofMinutes(30), Duration.ofHours(2), Duration.ofHours(24)};

  public static void main(String[] args) {
    Result r = run();
    System.out.printf("business-hours deadline: best %.1f ns/op, median %.1f ns/op%n", r.bestHours, r.medianHours);
    System.out.printf("business-days deadline:  best %.1f ns/op, median %.1f ns/op%n", r.bestDays, r.medianDays);
    System.out.printf("status(instant):         best %.1f ns/op, median %.1f ns/op%n", r.bestStatus, r.medianStatus);
  }

  @Test
  void businessHoursDeadlineCostsLessThanAMicrosecond() {
    Result r = run();
    System.out.println(r);
    assertThat(r.medianHours).isLessThan(1000.0);
  }

  record Result(double bestHours, double medianHours, double bestDays, double medianDays, double bestStatus, double medianStatus) {}

  static Result run() {
    BusinessCalendar cal = new BusinessCalendar(CalendarDefinition.seed());
    Instant[] from = new Instant[N];
    Random rnd = new Random(42);
    long base = Instant.parse("2026-01-01T00:00:00Z").getEpochSecond();
    for (int i = 0; i < N; i++) {
      from[i] = Instant.ofEpochSecond(base + (long) (rnd.nextDouble() * 5 * 365 * 86400));
    }
    long sink = 0;
    int rounds = 9;
    double[] hours = new double[rounds];
    double[] days = new double[rounds];
    double[] status = new double[rounds];
    for (int warm = 0; warm < 3; warm++) {
      sink += loopHours(cal, from) + loopDays(cal, from) + loopStatus(cal, from);
    }
    for (int r = 0; r < rounds; r++) {
      long t0 = System.nanoTime();
      sink += loopHours(cal, from);
      long t1 = System.nanoTime();
      sink += loopDays(cal, from);
      long t2 = System.nanoTime();
      sink += loopStatus(cal, from);
      long t3 = System.nanoTime();
      hours[r] = (t1 - t0) / (double) N;
      days[r] = (t2 - t1) / (double) N;
      status[r] = (t3 - t2) / (double) N;
    }
    if (sink == 42) {
      System.out.println("unlikely");
    }
    java.util.Arrays.sort(hours);
    java.util.Arrays.sort(days);
    java.util.Arrays.sort(status);
    return new Result(hours[0], hours[rounds / 2], days[0], days[rounds / 2], status[0], status[rounds / 2]);
  }

  private static long loopHours(BusinessCalendar cal, Instant[] from) {
    long s = 0;
    for (int i = 0; i < from.length; i++) {
      s += cal.addBusinessHours(from[i], AMOUNTS[i & 3]).getEpochSecond();
    }
    return s;
  }

  private static long loopDays(BusinessCalendar cal, Instant[] from) {
    long s = 0;
    for (int i = 0; i < from.length; i++) {
      s += cal.addBusinessDays(from[i], AMOUNTS[i & 3]).getEpochSecond();
    }
    return s;
  }

  private static long loopStatus(BusinessCalendar cal, Instant[] from) {
    long s = 0;
    for (int i = 0; i < from.length; i++) {
      s += cal.status(from[i]).nextChange().getEpochSecond();
    }
    return s;
  }
}

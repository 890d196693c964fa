package com.serveurcom.astreinte.report;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Order statistics over durations: nearest-rank percentiles, so a figure is always one observed value. */
final class Stats {
  private Stats() {}

  /** The p-th percentile (0 < p <= 100) by nearest rank; null for no value. Median = 50. */
  static Duration percentile(List<Duration> values, int p) {
    if (values.isEmpty()) {
      return null;
    }
    List<Duration> sorted = new ArrayList<>(values);
    sorted.sort(null);
    int rank = (int) Math.ceil(p / 100.0 * sorted.size());
    return sorted.get(Math.max(0, rank - 1));
  }

  static Duration max(List<Duration> values) {
    return values.stream().max(Duration::compareTo).orElse(null);
  }

  /** Percentage with one decimal; null when the denominator is zero. */
  static Double percent(long part, long whole) {
    return whole == 0 ? null : Math.round(1000.0 * part / whole) / 10.0;
  }
}

package com.serveurcom.astreinte.calendar;

/**
 * Sorted, disjoint, non-empty half-open intervals of epoch milliseconds with the running total of
 * their lengths, so that "add N ms of open time" is two binary searches instead of a walk.
 */
final class OpenIntervals {
  /** Returned by {@link #advance} when the deadline lies beyond the last interval. */
  static final long NOT_FOUND = Long.MIN_VALUE;

  private final long[] starts;
  private final long[] ends;
  /** cumEnd[i]: total open time from the first interval up to ends[i]. */
  private final long[] cumEnd;

  OpenIntervals(long[] starts, long[] ends) {
    this.starts = starts;
    this.ends = ends;
    this.cumEnd = new long[starts.length];
    long sum = 0;
    for (int i = 0; i < starts.length; i++) {
      sum += ends[i] - starts[i];
      cumEnd[i] = sum;
    }
  }

  int size() {
    return starts.length;
  }

  long start(int i) {
    return starts[i];
  }

  long end(int i) {
    return ends[i];
  }

  /**
   * The instant at which {@code amount} ms of open time have elapsed since {@code from}, or
   * {@link #NOT_FOUND}. A deadline that lands exactly on a closing time is that closing time (we
   * pick the first interval whose running total reaches the target), and a start in closed time
   * counts from the next opening.
   */
  long advance(long from, long amount) {
    int n = starts.length;
    int k = firstEndingAfter(from);
    if (k == n) {
      return NOT_FOUND;
    }
    long before = cumEnd[k] - (ends[k] - starts[k]) + Math.max(0, from - starts[k]);
    long target = before + amount;
    if (target > cumEnd[n - 1]) {
      return NOT_FOUND;
    }
    int lo = k;
    int hi = n - 1;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (cumEnd[mid] >= target) {
        hi = mid;
      } else {
        lo = mid + 1;
      }
    }
    return ends[lo] - (cumEnd[lo] - target);
  }

  /** Open time from {@code from} to the end of the last interval. */
  long openTimeFrom(long from) {
    int n = starts.length;
    int k = firstEndingAfter(from);
    if (k == n) {
      return 0;
    }
    long before = cumEnd[k] - (ends[k] - starts[k]) + Math.max(0, from - starts[k]);
    return cumEnd[n - 1] - before;
  }

  private int firstEndingAfter(long t) {
    int lo = 0;
    int hi = starts.length;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (ends[mid] > t) {
        hi = mid;
      } else {
        lo = mid + 1;
      }
    }
    return lo;
  }
}

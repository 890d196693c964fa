package com.serveurcom.astreinte.calendar;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Arrays;

/**
 * One local calendar year compiled to arrays of epoch milliseconds: the status segments (for "open
 * at t?"), the open intervals (business-hours clock) and the working-day intervals (business-days
 * clock). Built once per year and immutable, so lookups are binary searches with no allocation.
 */
final class YearTimeline {
  final int year;
  final long startMs;
  final long endMs;
  /** Segment i is [segStart[i], segStart[i+1]); segStart has one more element than reasons. */
  private final long[] segStart;
  private final Reason[] reasons;
  /** Index of the first later segment whose open flag differs, or -1 if none within the year. */
  private final int[] nextFlip;
  final OpenIntervals open;
  final OpenIntervals workingDays;

  private YearTimeline(int year, long startMs, long endMs, long[] segStart, Reason[] reasons,
      OpenIntervals open, OpenIntervals workingDays) {
    this.year = year;
    this.startMs = startMs;
    this.endMs = endMs;
    this.segStart = segStart;
    this.reasons = reasons;
    this.open = open;
    this.workingDays = workingDays;
    this.nextFlip = new int[reasons.length];
    int flip = -1;
    for (int i = reasons.length - 1; i >= 0; i--) {
      nextFlip[i] = flip;
      if (i > 0 && reasons[i - 1].opening() != reasons[i].opening()) {
        flip = i;
      }
    }
  }

  static YearTimeline build(int year, ZoneId zone, DayPlanner planner) {
    LongList seg = new LongList();
    Reason[] rs = new Reason[64];
    int nSeg = 0;
    LongList oStart = new LongList();
    LongList oEnd = new LongList();
    LongList wStart = new LongList();
    LongList wEnd = new LongList();
    long yearStart = toMillis(LocalDate.of(year, 1, 1), 0, zone);
    long yearEnd = toMillis(LocalDate.of(year + 1, 1, 1), 0, zone);
    long last = yearStart;
    for (LocalDate d = LocalDate.of(year, 1, 1); d.getYear() == year; d = d.plusDays(1)) {
      long dayStart = toMillis(d, 0, zone);
      long dayEnd = toMillis(d.plusDays(1), 0, zone);
      if (planner.isWorkingDay(d)) {
        appendInterval(wStart, wEnd, dayStart, dayEnd);
      }
      for (DayPlan.Slot s : planner.plan(d).slots()) {
        // DST gaps can map a local time past a later one; clamp so segments stay ordered.
        long a = Math.max(last, toMillis(d, s.range().startMinute(), zone));
        long b = Math.max(a, toMillis(d, s.range().endMinute(), zone));
        if (b == a) {
          continue;
        }
        last = b;
        if (nSeg == 0 || rs[nSeg - 1] != s.reason()) {
          if (nSeg == rs.length) {
            rs = Arrays.copyOf(rs, nSeg * 2);
          }
          rs[nSeg++] = s.reason();
          seg.add(a);
        }
        if (s.reason().opening()) {
          appendInterval(oStart, oEnd, a, b);
        }
      }
    }
    seg.add(yearEnd);
    return new YearTimeline(year, yearStart, yearEnd, seg.toArray(), Arrays.copyOf(rs, nSeg),
        new OpenIntervals(oStart.toArray(), oEnd.toArray()),
        new OpenIntervals(wStart.toArray(), wEnd.toArray()));
  }

  private static void appendInterval(LongList starts, LongList ends, long a, long b) {
    if (ends.size() > 0 && ends.last() == a) {
      ends.setLast(b);
    } else {
      starts.add(a);
      ends.add(b);
    }
  }

  private static long toMillis(LocalDate d, int minute, ZoneId zone) {
    if (minute == TimeRange.DAY_MINUTES) {
      return toMillis(d.plusDays(1), 0, zone);
    }
    return ZonedDateTime.of(d, LocalTime.of(minute / 60, minute % 60), zone).toInstant().toEpochMilli();
  }

  int segmentAt(long t) {
    int lo = 0;
    int hi = reasons.length - 1;
    while (lo < hi) {
      int mid = (lo + hi + 1) >>> 1;
      if (segStart[mid] <= t) {
        lo = mid;
      } else {
        hi = mid - 1;
      }
    }
    return lo;
  }

  Reason reason(int segment) {
    return reasons[segment];
  }

  /** Start of the next segment with a different open flag, or -1 if none in this year. */
  long nextFlipAfter(int segment) {
    int i = nextFlip[segment];
    return i < 0 ? -1 : segStart[i];
  }

  /** Start of the first segment of the year whose open flag is {@code open}, or -1. */
  long firstWith(boolean open) {
    for (int i = 0; i < reasons.length; i++) {
      if (reasons[i].opening() == open) {
        return segStart[i];
      }
    }
    return -1;
  }

  Instant start() {
    return Instant.ofEpochMilli(startMs);
  }

  /** A minimal growable long array, to avoid boxing while a year is built. */
  private static final class LongList {
    private long[] a = new long[256];
    private int n;

    void add(long v) {
      if (n == a.length) {
        a = Arrays.copyOf(a, n * 2);
      }
      a[n++] = v;
    }

    int size() {
      return n;
    }

    long last() {
      return a[n - 1];
    }

    void setLast(long v) {
      a[n - 1] = v;
    }

    long[] toArray() {
      return Arrays.copyOf(a, n);
    }
  }
}

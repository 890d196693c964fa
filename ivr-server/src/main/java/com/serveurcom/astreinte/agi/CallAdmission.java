package com.serveurcom.astreinte.agi;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;

/**
 * Decides whether a new call gets a slot, so that the calls already admitted keep their think
 * time (the time we take to send each next command). Two bounds: the configured ceiling
 * ({@code ASTREINTE_AGI_MAX_CALLS}), and a limit that follows what this machine holds right now,
 * measured on the calls in progress:
 * <ul>
 *   <li>every {@link #WINDOW}, if more than 1 % of the commands sent in it took longer than the
 *       target (their p99 is over it), the limit drops by a fifth: new calls are refused until the
 *       calls in progress think fast enough again;</li>
 *   <li>otherwise, if the limit was what stopped calls in that window, it grows by a tenth.</li>
 * </ul>
 * A think time measured on this machine, rather than a count of calls, is the signal because what
 * a call costs differs from one machine, and one moment, to the next (other processes, the
 * database's disk). The limit never goes under {@code floor}: a few calls never overload a
 * server, and a server slow for another reason (a long GC pause) must not refuse a quiet line.
 *
 * <p>Thread-safe: {@link #admit()} is called on the reception thread, the rest on call threads.
 */
final class CallAdmission {
  static final Duration WINDOW = Duration.ofMillis(250);
  /** Fewer commands than this say nothing about the machine: the window goes on until there are as many. */
  static final int MIN_COMMANDS = 50;

  private final int ceiling;
  private final int floor;
  private final long targetNanos;
  private final LongSupplier nanoTime;
  private final AtomicInteger inProgress = new AtomicInteger();
  private final LongAdder commands = new LongAdder();
  private final LongAdder slow = new LongAdder();
  private volatile int limit;
  private long windowStart;
  private boolean limitStoppedCalls;

  /**
   * @param ceiling the most calls in progress whatever the think time
   * @param target the think time the calls in progress must keep at p99; zero for no adaptive limit
   */
  CallAdmission(int ceiling, Duration target, LongSupplier nanoTime) {
    this.ceiling = ceiling;
    this.floor = Math.min(ceiling, 20);
    this.targetNanos = target.toNanos();
    this.nanoTime = nanoTime;
    this.limit = ceiling;
    this.windowStart = nanoTime.getAsLong();
  }

  /** Takes a slot for a new call, or says no at once; a taken slot is given back by {@link #release()}. */
  boolean admit() {
    adjust();
    int n = inProgress.incrementAndGet();
    if (n > limit) {
      inProgress.decrementAndGet();
      if (limit < ceiling) {
        limitStoppedCalls = true;
      }
      return false;
    }
    return true;
  }

  void release() {
    inProgress.decrementAndGet();
  }

  /** One command sent by a call in progress, {@code nanos} after the reply it follows. */
  void thinkTime(long nanos) {
    if (targetNanos > 0) {
      commands.increment();
      if (nanos > targetNanos) {
        slow.increment();
      }
    }
  }

  int inProgress() {
    return inProgress.get();
  }

  /** The current bound on calls in progress. */
  int limit() {
    return limit;
  }

  private void adjust() {
    if (targetNanos == 0) {
      return;
    }
    long now = nanoTime.getAsLong();
    if (now - windowStart < WINDOW.toNanos()) {
      return;
    }
    // Too few commands say nothing yet: the window stretches until they are enough. Discarding them
    // instead kept the limit at its floor for good: 20 calls of a few seconds send fewer than
    // MIN_COMMANDS commands in one WINDOW, so the limit could never grow again (measured on a quiet
    // machine: 300 calls/s offered, 21 in progress, 86 % refused).
    if (commands.sum() < MIN_COMMANDS) {
      return;
    }
    long total = commands.sumThenReset();
    long over = slow.sumThenReset();
    windowStart = now;
    boolean stopped = limitStoppedCalls;
    limitStoppedCalls = false;
    if (over * 100 > total) {
      limit = Math.max(floor, limit - Math.max(1, limit / 5));
    } else if (stopped) {
      limit = Math.min(ceiling, limit + Math.max(1, limit / 10));
    }
  }
}

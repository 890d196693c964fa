package com.serveurcom.astreinte.twilio;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;

/**
 * How many help texts one sender gets for SMS we do not understand: at most {@code max} within
 * {@code window}, then silence until the window has moved on. An auto-responder ("I am on holiday")
 * answering our help text would otherwise get another help text, and so on without end, each one paid
 * for and each one a message in a technician's phone. After GoAlert's reply limiter for passive replies.
 * Kept in memory, per instance: with two instances a sender gets at most twice as many, still bounded.
 */
public final class HelpReplies {
  /** Defaults: 3 help texts per sender per 10 minutes. */
  public static final int DEFAULT_MAX = 3;
  public static final Duration DEFAULT_WINDOW = Duration.ofMinutes(10);
  /** Senders tracked at most: past it the oldest are forgotten (bounded memory under a flood of senders). */
  static final int MAX_SENDERS = 10_000;

  private final Clock clock;
  private final int max;
  private final Duration window;
  private final Map<String, Deque<Instant>> sent = new HashMap<>();

  public HelpReplies(Clock clock, int max, Duration window) {
    if (max < 1 || window.isNegative() || window.isZero()) {
      throw new IllegalArgumentException("max must be positive and window longer than zero");
    }
    this.clock = clock;
    this.max = max;
    this.window = window;
  }

  public static HelpReplies defaults(Clock clock) {
    return new HelpReplies(clock, DEFAULT_MAX, DEFAULT_WINDOW);
  }

  /** Whether {@code sender} may get a help text now; counts it when so. */
  public synchronized boolean allow(String sender) {
    Instant now = clock.instant();
    Instant since = now.minus(window);
    Deque<Instant> times = sent.get(sender);
    if (times == null) {
      if (sent.size() >= MAX_SENDERS) {
        forgetQuiet(since);
      }
      times = new ArrayDeque<>();
      sent.put(sender, times);
    }
    while (!times.isEmpty() && !times.peekFirst().isAfter(since)) {
      times.pollFirst();
    }
    if (times.size() >= max) {
      return false;
    }
    times.addLast(now);
    return true;
  }

  private void forgetQuiet(Instant since) {
    for (Iterator<Deque<Instant>> it = sent.values().iterator(); it.hasNext(); ) {
      Deque<Instant> t = it.next();
      if (t.isEmpty() || !t.peekLast().isAfter(since)) {
        it.remove();
      }
    }
    if (sent.size() >= MAX_SENDERS) {
      // All recent: a flood of distinct senders; forgetting them lets each get its few help texts again.
      sent.clear();
    }
  }
}

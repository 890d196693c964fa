package com.serveurcom.astreinte.web;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Failed logins to the board, counted per client address and in all over a sliding window (like GoAlert's
 * login limiter): past {@code perAddress} failures from one address, or {@code overall} from everyone, a
 * login waits until the oldest failure of the window is old enough. A refused attempt is not even compared
 * with the secret, so guessing costs the same whether the secret is right or not. The state is in memory: a
 * restart forgets it, and several instances each count their own (the limits then add up).
 */
public final class LoginThrottle {
  /** How many addresses are remembered at most; past it the overall limit alone holds newcomers. */
  static final int MAX_ADDRESSES = 10_000;

  /** The limits: failures allowed per address and in all within {@code window}. */
  public record Limits(int perAddress, int overall, Duration window) {
    public Limits {
      if (perAddress < 1 || overall < 1 || window.isNegative() || window.isZero()) {
        throw new IllegalArgumentException("limites de connexion invalides");
      }
    }

    /** Ten failures per address and a hundred in all per quarter of an hour. */
    public static Limits defaults() {
      return new Limits(10, 100, Duration.ofMinutes(15));
    }
  }

  /** Why a login must wait, and for how long. */
  public record Refusal(boolean overall, Duration retryAfter) {}

  private final Limits limits;
  private final Clock clock;
  private final Map<String, Deque<Instant>> byAddress = new HashMap<>();
  private final Deque<Instant> all = new ArrayDeque<>();

  public LoginThrottle(Limits limits, Clock clock) {
    this.limits = Objects.requireNonNull(limits, "limits");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** Empty when a login from {@code address} may be tried now. */
  public synchronized Optional<Refusal> check(String address) {
    Instant now = clock.instant();
    prune(all, now);
    Deque<Instant> mine = byAddress.get(address);
    if (mine != null) {
      prune(mine, now);
      if (mine.size() >= limits.perAddress()) {
        return Optional.of(new Refusal(false, waitFor(mine, now)));
      }
    }
    if (all.size() >= limits.overall()) {
      return Optional.of(new Refusal(true, waitFor(all, now)));
    }
    return Optional.empty();
  }

  /** Counts a failed login from {@code address}. */
  public synchronized void failed(String address) {
    Instant now = clock.instant();
    all.addLast(now);
    prune(all, now);
    Deque<Instant> mine = byAddress.get(address);
    if (mine == null) {
      if (byAddress.size() >= MAX_ADDRESSES) {
        forgetOld(now);
      }
      if (byAddress.size() >= MAX_ADDRESSES) {
        return;
      }
      mine = new ArrayDeque<>();
      byAddress.put(address, mine);
    }
    mine.addLast(now);
    prune(mine, now);
  }

  /** A successful login forgets its address's failures (the overall count stays). */
  public synchronized void succeeded(String address) {
    byAddress.remove(address);
  }

  private void prune(Deque<Instant> failures, Instant now) {
    Instant oldestKept = now.minus(limits.window());
    while (!failures.isEmpty() && !failures.peekFirst().isAfter(oldestKept)) {
      failures.removeFirst();
    }
  }

  private Duration waitFor(Deque<Instant> failures, Instant now) {
    Duration d = Duration.between(now, failures.peekFirst().plus(limits.window()));
    return d.isNegative() ? Duration.ZERO : d;
  }

  private void forgetOld(Instant now) {
    for (Iterator<Deque<Instant>> it = byAddress.values().iterator(); it.hasNext(); ) {
      Deque<Instant> d = it.next();
      prune(d, now);
      if (d.isEmpty()) {
        it.remove();
      }
    }
  }
}

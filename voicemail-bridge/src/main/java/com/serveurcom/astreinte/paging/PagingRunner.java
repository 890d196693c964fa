package com.serveurcom.astreinte.paging;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs {@link PagingEngine#runOnce} on its own thread: at once when {@link #wake} is called (in-process
 * hook, and {@link OutboxListener} for other instances' rows), otherwise when the next row falls due
 * ({@code Outbox.nextDue}), and at least every {@code maxIdle} (a lease that ran out has no due time
 * of its own). After each pass the watchdog, if any, checks the pager's health.
 */
public final class PagingRunner implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(PagingRunner.class);

  static final Duration WATCHDOG_PERIOD = Duration.ofSeconds(1);

  private final PagingEngine engine;
  private final PagerWatchdog watchdog;
  private final Clock clock;
  private final Duration maxIdle;
  private final Object lock = new Object();
  private final Thread thread;
  private boolean woken;
  private volatile boolean running = true;

  /** @param watchdog null for none */
  public PagingRunner(PagingEngine engine, PagerWatchdog watchdog, Clock clock, Duration maxIdle) {
    this.engine = Objects.requireNonNull(engine, "engine");
    this.watchdog = watchdog;
    this.clock = Objects.requireNonNull(clock, "clock");
    this.maxIdle = Objects.requireNonNull(maxIdle, "maxIdle");
    this.thread = new Thread(this::run, "paging-engine");
    this.thread.setDaemon(true);
  }

  public PagingRunner(PagingEngine engine, PagerWatchdog watchdog, Clock clock) {
    this(engine, watchdog, clock, Duration.ofSeconds(30));
  }

  public void start() {
    thread.start();
  }

  /** A row was queued: run a pass now. Cheap and safe from any thread. */
  public void wake() {
    synchronized (lock) {
      woken = true;
      lock.notifyAll();
    }
  }

  private void run() {
    Duration errorBackoff = Duration.ofSeconds(1);
    Instant lastCheck = null;
    boolean checkSkipped = false;
    while (running) {
      int claimed;
      try {
        claimed = engine.runOnce(clock.instant());
        Instant now = clock.instant();
        // Its thresholds are minutes: under a burst of pages, a check after every pass (one query
        // each) would cost the database more than it tells.
        checkSkipped = false;
        if (watchdog != null) {
          if (lastCheck == null || !now.isBefore(lastCheck.plus(WATCHDOG_PERIOD))) {
            watchdog.check(now);
            lastCheck = now;
          } else {
            checkSkipped = true;
          }
        }
        errorBackoff = Duration.ofSeconds(1);
      } catch (RuntimeException e) {
        LOG.error("échec d'un passage du moteur d'appels d'astreinte ; prochain dans {} ms", errorBackoff.toMillis(), e);
        pause(errorBackoff.toMillis());
        errorBackoff = errorBackoff.multipliedBy(2).compareTo(maxIdle) > 0 ? maxIdle : errorBackoff.multipliedBy(2);
        continue;
      }
      if (claimed >= engine.settings().batchSize()) {
        continue; // probably more due right now
      }
      long waitMs = maxIdle.toMillis();
      try {
        Optional<Instant> next = engine.nextDue();
        if (next.isPresent()) {
          waitMs = Math.max(0, Math.min(waitMs, Duration.between(clock.instant(), next.get()).toMillis() + 1));
        }
      } catch (RuntimeException e) {
        LOG.warn("impossible de lire la prochaine échéance : {}", e.getMessage());
      }
      if (checkSkipped) {
        // A skipped check is owed: wake for it rather than sleep up to maxIdle with an alarm pending.
        waitMs = Math.min(waitMs, Math.max(0, Duration.between(clock.instant(), lastCheck.plus(WATCHDOG_PERIOD))
            .toMillis() + 1));
      }
      pause(waitMs);
    }
  }

  private void pause(long ms) {
    synchronized (lock) {
      long deadline = System.currentTimeMillis() + ms;
      while (!woken && running) {
        long left = deadline - System.currentTimeMillis();
        if (left <= 0) {
          break;
        }
        try {
          lock.wait(left);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
      woken = false;
    }
  }

  /** Stops after the current pass (its rows are marked; an interrupted send is resent after the lease). */
  @Override
  public void close() {
    running = false;
    wake();
    try {
      thread.join(Duration.ofSeconds(30).toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}

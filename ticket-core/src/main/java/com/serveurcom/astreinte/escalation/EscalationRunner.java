package com.serveurcom.astreinte.escalation;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the engine in the background: a pass, then sleep until the engine's next wake instant,
 * capped (so a ticket changed by another server instance, whose trigger re-arms it, is seen within
 * the cap), and woken early by {@link #wake()} when this instance changes a ticket.
 */
public final class EscalationRunner implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(EscalationRunner.class);
  public static final Duration DEFAULT_MAX_SLEEP = Duration.ofSeconds(30);

  private final EscalationEngine engine;
  private final Clock clock;
  private final Duration maxSleep;
  private final Consumer<EscalationPass> onPass;
  private final ScheduledExecutorService executor;
  private ScheduledFuture<?> next;
  private boolean running;
  private boolean wakeRequested;
  private boolean closed;

  /** @param onPass called after each pass (logging, metrics, tests) */
  public EscalationRunner(EscalationEngine engine, Clock clock, Duration maxSleep, Consumer<EscalationPass> onPass) {
    this.engine = engine;
    this.clock = clock;
    this.maxSleep = maxSleep;
    this.onPass = onPass;
    this.executor = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "escalation-engine");
      t.setDaemon(true);
      return t;
    });
  }

  public EscalationRunner(EscalationEngine engine, Clock clock) {
    this(engine, clock, DEFAULT_MAX_SLEEP, pass -> {});
  }

  /** Starts with a pass at once (catching up after downtime). */
  public synchronized void start() {
    schedule(Duration.ZERO);
  }

  /** Asks for a pass as soon as possible (a ticket changed); cheap, callable from any thread. */
  public synchronized void wake() {
    if (closed) {
      return;
    }
    if (running) {
      wakeRequested = true; // the running pass reschedules at once when it ends
    } else {
      schedule(Duration.ZERO);
    }
  }

  /** How long to sleep after a pass: until the next wake instant, at most {@code maxSleep}, at least zero. */
  static Duration sleepFor(Optional<Instant> wake, Instant now, Duration maxSleep) {
    if (wake.isEmpty()) {
      return maxSleep;
    }
    Duration d = Duration.between(now, wake.get());
    if (d.isNegative()) {
      return Duration.ZERO;
    }
    return d.compareTo(maxSleep) > 0 ? maxSleep : d;
  }

  private synchronized void schedule(Duration delay) {
    if (closed) {
      return;
    }
    if (next != null) {
      next.cancel(false);
    }
    next = executor.schedule(this::tick, Math.max(0, delay.toMillis()), TimeUnit.MILLISECONDS);
  }

  private void tick() {
    synchronized (this) {
      running = true;
      wakeRequested = false;
    }
    Duration sleep = maxSleep;
    try {
      EscalationPass pass = engine.runOnce(clock.instant());
      if (!pass.escalated().isEmpty() || !pass.warned().isEmpty()) {
        log.info("passe d'escalade : {} demande(s) examinée(s), {} escalade(s), {} alerte(s), {} avis annulé(s)",
            pass.examined(), pass.escalated().size(), pass.warned().size(), pass.cancelled());
      }
      onPass.accept(pass);
      sleep = sleepFor(engine.nextWake(), clock.instant(), maxSleep);
    } catch (RuntimeException e) {
      // The database may be briefly away: try again after the cap rather than dying.
      log.warn("échec de la passe d'escalade, nouvel essai dans {} s : {}", maxSleep.toSeconds(), e.toString());
    }
    synchronized (this) {
      running = false;
      schedule(wakeRequested ? Duration.ZERO : sleep);
    }
  }

  @Override
  public synchronized void close() {
    closed = true;
    if (next != null) {
      next.cancel(false);
    }
    executor.shutdown();
    try {
      if (!executor.awaitTermination(10, TimeUnit.SECONDS)) {
        executor.shutdownNow();
      }
    } catch (InterruptedException e) {
      executor.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }
}

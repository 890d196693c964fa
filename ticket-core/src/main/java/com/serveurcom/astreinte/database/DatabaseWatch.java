package com.serveurcom.astreinte.database;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the database up while the server runs, and says since when it is not. Every period it
 * looks at the embedded postmaster (a dead one is started again, with a backoff that doubles up to
 * {@code maxBackoff}) and asks the database a {@code SELECT 1} on a connection of its own. Nobody
 * restarts a server at 3 a.m.: this does. An external database is only watched.
 */
public final class DatabaseWatch implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(DatabaseWatch.class);

  private final Database database;
  private final Clock clock;
  private final Duration period;
  private final Duration firstBackoff;
  private final Duration maxBackoff;
  private final AtomicReference<Instant> downSince = new AtomicReference<>();
  private final Thread thread;
  private volatile boolean running = true;
  private Duration backoff;
  private long nextRestartNanos;
  private int restarts;

  public DatabaseWatch(Database database, Clock clock, Duration period, Duration firstBackoff, Duration maxBackoff) {
    this.database = Objects.requireNonNull(database, "database");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.period = Objects.requireNonNull(period, "period");
    this.firstBackoff = Objects.requireNonNull(firstBackoff, "firstBackoff");
    this.maxBackoff = Objects.requireNonNull(maxBackoff, "maxBackoff");
    this.backoff = firstBackoff;
    this.thread = new Thread(this::run, "database-watch");
    this.thread.setDaemon(true);
  }

  /** Every second, restarts after 1 s, 2 s, 4 s... at most 30 s apart. */
  public DatabaseWatch(Database database, Clock clock) {
    this(database, clock, Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofSeconds(30));
  }

  public void start() {
    thread.start();
  }

  /** Since when the database does not answer; empty while it does. */
  public Optional<Instant> downSince() {
    return Optional.ofNullable(downSince.get());
  }

  /** How many times the embedded PostgreSQL was started again. */
  public synchronized int restarts() {
    return restarts;
  }

  private void run() {
    while (running) {
      try {
        checkOnce();
      } catch (RuntimeException e) {
        log.warn("surveillance de la base de données : {}", e.toString());
      }
      try {
        Thread.sleep(period.toMillis());
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  /** One look: restart a dead embedded server when its backoff allows, then ask the database. */
  void checkOnce() {
    if (!database.embeddedRunning()) {
      markDown("le PostgreSQL embarqué ne tourne plus");
      if (System.nanoTime() - nextRestartNanos >= 0) {
        try {
          database.restartEmbedded();
          synchronized (this) {
            restarts++;
            backoff = firstBackoff;
          }
        } catch (RuntimeException e) {
          Duration wait;
          synchronized (this) {
            wait = backoff;
            backoff = backoff.multipliedBy(2).compareTo(maxBackoff) > 0 ? maxBackoff : backoff.multipliedBy(2);
          }
          nextRestartNanos = System.nanoTime() + wait.toNanos();
          log.error("impossible de redémarrer le PostgreSQL embarqué ({}) ; nouvel essai dans {} s", e.getMessage(), wait.toSeconds());
          return;
        }
      } else {
        return;
      }
    }
    if (database.answers()) {
      Instant was = downSince.getAndSet(null);
      if (was != null) {
        log.info("la base de données répond de nouveau, après {} s d'interruption", Duration.between(was, clock.instant()).toSeconds());
      }
    } else {
      markDown("la base de données ne répond pas");
    }
  }

  private void markDown(String why) {
    if (downSince.compareAndSet(null, clock.instant())) {
      log.error("BASE DE DONNÉES INDISPONIBLE : {} ; les appels gardent leurs messages dans le journal jusqu'à son retour", why);
    }
  }

  @Override
  public void close() {
    running = false;
    thread.interrupt();
    try {
      thread.join(Duration.ofSeconds(10).toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}

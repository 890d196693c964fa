package com.serveurcom.astreinte.outbox;

import com.serveurcom.astreinte.database.Database;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This instance's sign of life in {@code engine_instance}, for the other instances on the same
 * database: it is written every {@code deadAfter / 5}, and an outbox row claimed by an instance
 * not seen for {@code deadAfter} may be claimed by another ({@link Outbox#claim}). Without it a
 * killed instance's claimed pages wait for their lease (3 minutes); with it, for
 * {@code deadAfter} plus the survivor's next pass. Times are the database's clock, so the
 * instances' clocks need not agree.
 *
 * <p>{@code deadAfter} is five beats: a slow beat or two (a pause of the JVM, a database
 * fail-over of a few seconds) must not make a live instance look dead, since another would then
 * send what it is sending. An instance that cannot write its beat cannot write the
 * {@code page_attempt} row that comes before every send either, so it sends nothing new.
 */
public final class EngineHeartbeat implements AutoCloseable {
  /** Seconds without a beat after which an instance is taken for dead; 10 by default, 3 to 120. */
  public static final String ENV_DEAD_AFTER = "ASTREINTE_INSTANCE_DEAD_AFTER_SECONDS";
  public static final Duration DEFAULT_DEAD_AFTER = Duration.ofSeconds(10);
  public static final Duration LEAST = Duration.ofSeconds(3);
  public static final Duration MOST = Duration.ofSeconds(120);
  /** Beats not seen for a day are of instances long gone: their rows are removed at the next start. */
  private static final String FORGET_AFTER = "1 day";

  private static final Logger LOG = LoggerFactory.getLogger(EngineHeartbeat.class);

  private final Database database;
  private final String worker;
  private final Duration deadAfter;
  private ScheduledFuture<?> task;

  /** @param worker the name this instance writes in {@code outbox.locked_by} */
  public EngineHeartbeat(Database database, String worker, Duration deadAfter) {
    this.database = Objects.requireNonNull(database, "database");
    this.worker = Objects.requireNonNull(worker, "worker");
    if (deadAfter.compareTo(LEAST) < 0 || deadAfter.compareTo(MOST) > 0) {
      throw new IllegalArgumentException(ENV_DEAD_AFTER + " doit valoir entre " + LEAST.toSeconds() + " et "
          + MOST.toSeconds() + " secondes, pas " + deadAfter.toSeconds());
    }
    this.deadAfter = deadAfter;
  }

  public Duration deadAfter() {
    return deadAfter;
  }

  public Duration interval() {
    return deadAfter.dividedBy(5);
  }

  /** Writes one beat now. */
  public void beat() {
    database.dsl().execute("insert into engine_instance (worker, started_at, seen_at, dead_after) "
        + "values (?, clock_timestamp(), clock_timestamp(), make_interval(secs => ?)) "
        + "on conflict (worker) do update set seen_at = excluded.seen_at, dead_after = excluded.dead_after",
        worker, (double) deadAfter.toMillis() / 1000);
  }

  /** Beats once now (a failure stops the start), then every {@link #interval()} on {@code executor}. */
  public synchronized void start(ScheduledExecutorService executor) {
    database.dsl().execute("delete from engine_instance where seen_at < clock_timestamp() - interval '"
        + FORGET_AFTER + "'");
    beat();
    long every = interval().toMillis();
    task = executor.scheduleAtFixedRate(() -> {
      try {
        beat();
      } catch (RuntimeException e) {
        LOG.warn("signal de vie de l'instance {} non écrit : {}", worker, e.toString());
      }
    }, every, every, TimeUnit.MILLISECONDS);
  }

  /**
   * Stops beating and removes the beat: the rows this instance still holds keep their lease (a
   * clean stop finishes or gives back what it was sending, so nothing is taken from under it).
   */
  @Override
  public synchronized void close() {
    if (task != null) {
      task.cancel(false);
      task = null;
    }
    try {
      database.dsl().execute("delete from engine_instance where worker = ?", worker);
    } catch (RuntimeException e) {
      LOG.warn("signal de vie de l'instance {} non supprimé : {}", worker, e.toString());
    }
  }
}

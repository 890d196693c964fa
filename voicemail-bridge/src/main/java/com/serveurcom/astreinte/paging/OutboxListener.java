package com.serveurcom.astreinte.paging;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Objects;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Listens to {@code NOTIFY astreinte_outbox} (sent by V4's trigger when any instance queues a row) on
 * one dedicated connection and calls {@code onNotify}: an idle engine wakes within milliseconds of
 * a registration made by another instance. The connection is taken from the pool for the process's
 * life. When it breaks, the listener reconnects and calls {@code onNotify} once, since a
 * notification may have been missed; the runner's own timer covers the gap either way.
 */
public final class OutboxListener implements AutoCloseable {
  public static final String CHANNEL = "astreinte_outbox";
  private static final Logger LOG = LoggerFactory.getLogger(OutboxListener.class);

  private final DataSource dataSource;
  private final Runnable onNotify;
  private final Thread thread;
  private volatile boolean running = true;
  private volatile boolean listening;

  public OutboxListener(DataSource dataSource, Runnable onNotify) {
    this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
    this.onNotify = Objects.requireNonNull(onNotify, "onNotify");
    this.thread = new Thread(this::run, "outbox-listener");
    this.thread.setDaemon(true);
  }

  public void start() {
    thread.start();
  }

  /** True once LISTEN is in effect (tests wait for it). */
  public boolean listening() {
    return listening;
  }

  private void run() {
    while (running) {
      try (Connection c = dataSource.getConnection()) {
        c.setAutoCommit(true);
        try (Statement s = c.createStatement()) {
          s.execute("LISTEN " + CHANNEL);
        }
        PGConnection pg = c.unwrap(PGConnection.class);
        listening = true;
        onNotify.run();
        while (running) {
          PGNotification[] n = pg.getNotifications(500);
          if (n != null && n.length > 0) {
            onNotify.run();
          }
        }
      } catch (SQLException | RuntimeException e) {
        listening = false;
        if (running) {
          LOG.warn("notifications de l'outbox perdues ({}) ; reconnexion dans 1 s", e.getMessage());
          sleep(1000);
        }
      }
    }
    listening = false;
  }

  @Override
  public void close() {
    running = false;
    thread.interrupt();
    try {
      thread.join(2000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}

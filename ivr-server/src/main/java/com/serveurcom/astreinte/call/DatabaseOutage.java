package com.serveurcom.astreinte.call;

import java.util.concurrent.TimeUnit;

/**
 * What the calls know of the database's health. A caller is on the line while we wait, so once
 * the database is found unreachable the calls stop asking it for a while and take their
 * fallbacks (calendar without override, unverified eligibility, journal) at once. One instance is
 * shared by every part of the flow that reads or writes the database.
 */
public final class DatabaseOutage {
  private final long windowNanos;
  private volatile long suspectedUntil = System.nanoTime();

  public DatabaseOutage(long window, TimeUnit unit) {
    this.windowNanos = unit.toNanos(window);
  }

  /** Whether a recent failure said the database is unreachable. */
  public boolean suspected() {
    return System.nanoTime() - suspectedUntil < 0;
  }

  /**
   * Opens the window when the failure says the database is unreachable (SQL state class 08, or a
   * refused connection, somewhere in the causes). A busy pool or a failed statement is not an
   * outage: sending every call to its fallback would only make it worse.
   */
  public void failed(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      boolean unreachable = t instanceof java.net.ConnectException
          || (t instanceof java.sql.SQLException sql && sql.getSQLState() != null && sql.getSQLState().startsWith("08"));
      if (unreachable) {
        suspectedUntil = System.nanoTime() + windowNanos;
        return;
      }
    }
  }
}

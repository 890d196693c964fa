package com.serveurcom.astreinte.http;

import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /healthz} (the process answers) and {@code GET /readyz} (the database answers a
 * {@code SELECT 1} in time). Both are public: load balancers and orchestrators carry no token.
 */
public final class HealthApi implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(HealthApi.class);

  private final DataSource dataSource;
  private final Duration timeout;
  private final Json json;
  /**
   * The probe runs on its own thread so an unreachable database (the pool waits for a connection
   * for seconds) cannot hold a HTTP worker longer than {@code timeout}.
   */
  private final ExecutorService probe = Executors.newSingleThreadExecutor(r -> {
    Thread t = new Thread(r, "readiness-probe");
    t.setDaemon(true);
    return t;
  });

  public HealthApi(DataSource dataSource, Duration timeout, Json json) {
    this.dataSource = dataSource;
    this.timeout = timeout;
    this.json = json;
  }

  public void register(Router router) {
    router.get("/healthz", r -> HttpResponse.json(200, json.write(Map.of("status", "ok"))));
    router.get("/readyz", r -> ready());
  }

  private HttpResponse ready() {
    Future<?> f = probe.submit(() -> {
      try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
        s.setQueryTimeout((int) Math.max(1, timeout.toSeconds()));
        s.execute("SELECT 1");
      }
      return null;
    });
    try {
      f.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      return HttpResponse.json(200, json.write(Map.of("status", "ready")));
    } catch (TimeoutException e) {
      f.cancel(true);
      return unavailable("database did not answer within " + timeout.toMillis() + " ms");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return unavailable("interrupted");
    } catch (Exception e) {
      log.warn("readiness probe failed: {}", e.getCause() == null ? e.toString() : e.getCause().toString());
      return unavailable("database unreachable");
    }
  }

  private HttpResponse unavailable(String why) {
    return HttpResponse.json(503, json.write(Map.of("status", "unavailable", "error", why)));
  }

  @Override
  public void close() {
    probe.shutdownNow();
  }
}

package com.serveurcom.astreinte.http;

import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /healthz} (the process answers) and {@code GET /readyz}: the database answers a
 * {@code SELECT 1} in time, and every other part the server needs (the pager, the AMI link when
 * there is one) says it works. Each part's state is in the answer, so an operator sees which one
 * is down. Both are public: load balancers and orchestrators carry no token.
 */
public final class HealthApi implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(HealthApi.class);

  private final DataSource dataSource;
  private final Duration timeout;
  private final JsonBodies json;
  private final Map<String, Supplier<Part>> parts;
  /**
   * The probe runs on its own thread so an unreachable database (the pool waits for a connection
   * for seconds) cannot hold a HTTP worker longer than {@code timeout}.
   */
  private final ExecutorService probe = Executors.newSingleThreadExecutor(r -> {
    Thread t = new Thread(r, "readiness-probe");
    t.setDaemon(true);
    return t;
  });

  /** The state of one part: {@code ok} false makes the server not ready; {@code state} says why, or which one. */
  public record Part(boolean ok, String state) {
    public static Part up(String state) {
      return new Part(true, state);
    }

    public static Part down(String state) {
      return new Part(false, state);
    }
  }

  public HealthApi(DataSource dataSource, Duration timeout, JsonBodies json) {
    this(dataSource, timeout, json, Map.of());
  }

  /** @param parts the other parts readiness covers, by name, in the order they are reported */
  public HealthApi(DataSource dataSource, Duration timeout, JsonBodies json, Map<String, Supplier<Part>> parts) {
    this.dataSource = dataSource;
    this.timeout = timeout;
    this.json = json;
    this.parts = new LinkedHashMap<>(parts);
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
    String database;
    try {
      f.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      database = null;
    } catch (TimeoutException e) {
      f.cancel(true);
      database = "database did not answer within " + timeout.toMillis() + " ms";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      database = "interrupted";
    } catch (Exception e) {
      log.warn("échec du contrôle de disponibilité (readiness) : {}", e.getCause() == null ? e.toString() : e.getCause().toString());
      database = "database unreachable";
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("status", "ready");
    body.put("database", database == null ? "ok" : database);
    String error = database;
    for (Map.Entry<String, Supplier<Part>> part : parts.entrySet()) {
      Part p = part.getValue().get();
      body.put(part.getKey(), p.state());
      if (!p.ok() && error == null) {
        error = part.getKey() + ": " + p.state();
      }
    }
    if (error != null) {
      body.put("status", "unavailable");
      body.put("error", error);
      return HttpResponse.json(503, json.write(body));
    }
    return HttpResponse.json(200, json.write(body));
  }

  @Override
  public void close() {
    probe.shutdownNow();
  }
}

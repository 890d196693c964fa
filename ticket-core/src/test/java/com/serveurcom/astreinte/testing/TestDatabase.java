package com.serveurcom.astreinte.testing;

import com.serveurcom.astreinte.database.Database;
import com.serveurcom.astreinte.database.DatabaseConfig;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One embedded PostgreSQL per test JVM (temporary data directory, removed at the end), and one
 * fresh, migrated database in it per test class. Use as
 * {@code @RegisterExtension static final TestDatabase db = new TestDatabase();}.
 */
public final class TestDatabase implements BeforeAllCallback, AfterAllCallback {
  private static final AtomicInteger COUNTER = new AtomicInteger();

  private Database database;
  private String name;

  /** The shared server, closed by JUnit when the root context closes. */
  private static final class Cluster implements AutoCloseable {
    final EmbeddedPostgres postgres;

    Cluster() throws Exception {
      Path dir = Files.createTempDirectory("astreinte-test-pg-");
      postgres = EmbeddedPostgres.builder()
          .setDataDirectory(dir)
          .setCleanDataDirectory(true)
          .setPGStartupWait(Duration.ofSeconds(30))
          .setServerConfig("fsync", "off")
          .setServerConfig("synchronous_commit", "off")
          .setServerConfig("full_page_writes", "off")
          .setServerConfig("max_connections", "200")
          .start();
    }

    @Override
    public void close() throws java.io.IOException {
      postgres.close();
    }
  }

  public static EmbeddedPostgres cluster(ExtensionContext context) {
    return context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL)
        .getOrComputeIfAbsent(Cluster.class, k -> {
          try {
            return new Cluster();
          } catch (Exception e) {
            throw new IllegalStateException("cannot start the embedded PostgreSQL for tests", e);
          }
        }, Cluster.class).postgres;
  }

  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
    EmbeddedPostgres pg = cluster(context);
    name = "t" + COUNTER.incrementAndGet() + "_" + context.getRequiredTestClass().getSimpleName().toLowerCase();
    try (Connection c = pg.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
      s.execute("CREATE DATABASE " + name);
    }
    database = Database.start(DatabaseConfig.external(pg.getJdbcUrl("postgres", name), "postgres", "")
        .withRetries(1, Duration.ofMillis(10), Duration.ofMillis(10))
        .withPoolSize(20));
  }

  @Override
  public void afterAll(ExtensionContext context) {
    if (database != null) {
      database.close();
    }
  }

  public Database database() {
    return database;
  }

  public String name() {
    return name;
  }
}

package com.serveurcom.astreinte.database;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Properties;
import java.util.function.Consumer;
import java.util.function.Function;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.conf.Settings;
import org.jooq.impl.DSL;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The application's PostgreSQL: an embedded one whose data stays in a directory across restarts,
 * or an external one given by URL. Opens a HikariCP pool, applies the Flyway migrations of
 * {@code classpath:db/migration}, and hands out a jOOQ {@link DSLContext}.
 *
 * <p>The embedded server's data directory is never deleted: closing this object (or a SIGTERM,
 * through the embedded server's shutdown hook unless the owner closes it itself, see
 * {@link DatabaseConfig#withClosedByOwner()}) stops the server cleanly and the next start reuses the same data.
 */
public final class Database implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Database.class);

  private final DatabaseConfig config;
  /** Replaced when the watch restarts a PostgreSQL that died; always on the same port, so the pools' URL holds. */
  private volatile EmbeddedPostgres embedded;
  private final HikariDataSource dataSource;
  private final DSLContext dsl;

  private Database(DatabaseConfig config, EmbeddedPostgres embedded, HikariDataSource dataSource) {
    this.config = config;
    this.embedded = embedded;
    this.dataSource = dataSource;
    this.dsl = DSL.using(dataSource, SQLDialect.POSTGRES, new Settings().withExecuteLogging(false));
  }

  /**
   * Starts (embedded) or reaches (external) the database, retrying with a bounded exponential
   * backoff, then migrates it.
   *
   * @throws DatabaseUnavailableException after the last failed attempt, with what was tried
   */
  public static Database start(DatabaseConfig config) {
    return start(config, Database::sleep);
  }

  static Database start(DatabaseConfig config, Consumer<Duration> sleeper) {
    Duration backoff = config.initialBackoff();
    RuntimeException last = null;
    for (int attempt = 1; attempt <= config.connectAttempts(); attempt++) {
      EmbeddedPostgres embedded = null;
      HikariDataSource pool = null;
      try {
        String url;
        String user;
        String credential;
        if (config.isEmbedded()) {
          embedded = startEmbedded(config);
          url = embedded.getJdbcUrl("postgres", "postgres");
          user = "postgres";
          credential = "";
        } else {
          url = config.externalUrl().get();
          user = config.user();
          credential = config.password();
        }
        probe(url, user, credential);
        pool = openPool("astreinte-db", url, user, credential, config.poolSize());
        try {
          migrate(pool);
        } catch (FlywayException e) {
          // A broken migration will not heal by waiting: no retry.
          closeQuietly(pool);
          closeQuietly(embedded);
          throw new DatabaseUnavailableException("échec de la migration de " + config + " : " + e.getMessage(), e);
        }
        log.info("base de données prête : {}", config);
        return new Database(config, embedded, pool);
      } catch (LeftoverPostmaster.DirectoryHeld e) {
        // Something else holds the data directory: waiting will not free it.
        log.error(e.getMessage());
        throw e;
      } catch (RuntimeException | IOException e) {
        closeQuietly(pool);
        closeQuietly(embedded);
        last = e instanceof RuntimeException re ? re : new IllegalStateException(e.getMessage(), e);
        if (attempt == config.connectAttempts()) {
          break;
        }
        log.warn("impossible de joindre {} (essai {}/{}) : {} ; nouvel essai dans {} ms", config, attempt,
            config.connectAttempts(), rootMessage(e), backoff.toMillis());
        sleeper.accept(backoff);
        backoff = backoff.multipliedBy(2);
        if (backoff.compareTo(config.maxBackoff()) > 0) {
          backoff = config.maxBackoff();
        }
      }
    }
    String message = "impossible de joindre " + config + " après " + config.connectAttempts()
        + " essai(s) : " + rootMessage(last)
        + (config.isEmbedded() ? "" : " (vérifiez les variables " + DatabaseConfig.ENV_URL + ", " + DatabaseConfig.ENV_USER
            + " et " + DatabaseConfig.ENV_PASSWORD + ", et que le serveur est démarré)");
    log.error(message);
    throw new DatabaseUnavailableException(message, last);
  }

  private static EmbeddedPostgres startEmbedded(DatabaseConfig config) throws IOException {
    Files.createDirectories(config.dataDirectory());
    LeftoverPostmaster.stopIfAny(config.dataDirectory(), Duration.ofSeconds(30));
    // The library locks this file and, when its start fails, never unlocks it: every later start
    // in this JVM would fail (OverlappingFileLockException, no message). A new file is a new lock.
    // The server's own lock on its data directory is what keeps a second server out.
    Files.deleteIfExists(config.dataDirectory().resolve("epg-lock"));
    EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
        .setDataDirectory(config.dataDirectory().toAbsolutePath())
        .setCleanDataDirectory(false)
        .setRegisterShutdownHook(!config.closedByOwner())
        .setPGStartupWait(Duration.ofSeconds(30))
        .setServerConfig("timezone", "UTC")
        // The library starts PostgreSQL with -F (fsync off) and synchronous_commit off: a power cut
        // would lose registered emergencies or corrupt the cluster. Our -c options come after its
        // own, so these win (checked with SHOW by the server's tests).
        .setServerConfig("fsync", "on")
        .setServerConfig("synchronous_commit", "on")
        .setServerConfig("full_page_writes", "on")
        // The queue tables' statistics must follow a burst of calls (see migration V7): autovacuum
        // looks at them every 10 s instead of every minute.
        .setServerConfig("autovacuum_naptime", "10s");
    if (config.embeddedPort() > 0) {
      builder.setPort(config.embeddedPort());
    }
    return builder.start();
  }

  /** One plain connection first: fails fast with the driver's own message when the server is down. */
  private static void probe(String url, String user, String password) {
    Properties props = new Properties();
    props.setProperty("user", user);
    props.setProperty("password", password);
    props.setProperty("connectTimeout", "5");
    props.setProperty("loginTimeout", "10");
    try (Connection ignored = DriverManager.getConnection(url, props)) {
      // reachable
    } catch (SQLException e) {
      throw new IllegalStateException(e.getMessage(), e);
    }
  }

  private static HikariDataSource openPool(String name, String url, String user, String password, int size) {
    HikariConfig hikari = new HikariConfig();
    hikari.setPoolName(name);
    hikari.setJdbcUrl(url);
    hikari.setUsername(user);
    hikari.setPassword(password);
    hikari.setMaximumPoolSize(size);
    hikari.setMinimumIdle(Math.min(2, size));
    // A caller is on the line while we wait: a database that does not answer must fail fast so
    // the call falls back to the journal instead of leaving the caller in silence.
    hikari.setConnectionTimeout(2_000);
    hikari.addDataSourceProperty("connectTimeout", "2");
    hikari.addDataSourceProperty("socketTimeout", "15");
    // Fail the constructor at once when the server is unreachable: the retry loop is ours.
    hikari.setInitializationFailTimeout(1);
    return new HikariDataSource(hikari);
  }

  private static void migrate(DataSource dataSource) {
    Flyway.configure()
        .dataSource(dataSource)
        .locations("classpath:db/migration")
        .load()
        .migrate();
  }

  /**
   * Another pool on the same server, for the background engines: a burst of pages then waits for
   * its own connections instead of taking those of the calls, whose callers are listening. Closing
   * it closes only that pool.
   */
  public Database separatePool(String name, int size) {
    if (size < 1) {
      throw new IllegalArgumentException("la taille du pool doit valoir au moins 1 (valeur reçue : " + size + ")");
    }
    HikariDataSource pool = openPool(name, dataSource.getJdbcUrl(), dataSource.getUsername(),
        dataSource.getPassword(), size);
    return new Database(config.withPoolSize(size), null, pool);
  }

  public DSLContext dsl() {
    return dsl;
  }

  public DataSource dataSource() {
    return dataSource;
  }

  public DatabaseConfig config() {
    return config;
  }

  /** Port of the embedded server, or -1 for an external database. */
  public int embeddedPort() {
    return embedded == null ? -1 : embedded.getPort();
  }

  /** Whether the embedded postmaster is running (true for an external database: not ours to watch). */
  public boolean embeddedRunning() {
    EmbeddedPostgres current = embedded;
    return current == null || LeftoverPostmaster.running(config.dataDirectory());
  }

  /**
   * Starts the embedded PostgreSQL again after it died, on the same port and data (crash recovery
   * replays its WAL). The pools' broken connections are replaced by new ones to the same URL.
   *
   * @throws DatabaseUnavailableException or another runtime exception when it cannot start yet
   */
  public synchronized void restartEmbedded() {
    EmbeddedPostgres dead = embedded;
    if (dead == null) {
      throw new IllegalStateException("la base de données n'est pas un PostgreSQL embarqué");
    }
    if (LeftoverPostmaster.running(config.dataDirectory())) {
      return; // up again: nothing to do
    }
    int port = dead.getPort();
    // Before the library's close: its pg_ctl stop would signal whatever live process the pid file
    // names. Something that is not our PostgreSQL holding the directory is named, and left alone.
    LeftoverPostmaster.stopIfAny(config.dataDirectory(), Duration.ofSeconds(30));
    // Its pg_ctl stop fails on the dead server and says so; the close keeps its shutdown hook from
    // stopping the new server later.
    closeQuietly(dead);
    try {
      embedded = startEmbedded(config.withEmbeddedPort(port));
    } catch (IOException e) {
      throw new DatabaseUnavailableException("échec du démarrage de " + config.withEmbeddedPort(port) + " : " + rootMessage(e), e);
    }
    log.info("PostgreSQL embarqué redémarré sur le port {}", port);
  }

  /** One fresh connection and {@code SELECT 1}, outside the pool: a busy pool is not a dead database. */
  public boolean answers() {
    Properties props = new Properties();
    props.setProperty("user", dataSource.getUsername());
    props.setProperty("password", dataSource.getPassword() == null ? "" : dataSource.getPassword());
    props.setProperty("connectTimeout", "2");
    props.setProperty("socketTimeout", "5");
    try (Connection c = DriverManager.getConnection(dataSource.getJdbcUrl(), props);
        java.sql.Statement s = c.createStatement()) {
      s.execute("SELECT 1");
      return true;
    } catch (SQLException e) {
      return false;
    }
  }

  /**
   * Runs {@code work} in one transaction and returns its result. Any exception thrown by
   * {@code work} rolls the whole change back and is rethrown (runtime exceptions unchanged).
   */
  public <T> T transactionResult(Function<DSLContext, T> work) {
    return dsl.transactionResult(configuration -> work.apply(configuration.dsl()));
  }

  /** Like {@link #transactionResult} without a result. */
  public void transaction(Consumer<DSLContext> work) {
    dsl.transaction(configuration -> work.accept(configuration.dsl()));
  }

  /** Closes the pool and stops the embedded server; its data directory is kept. */
  @Override
  public void close() {
    closeQuietly(dataSource);
    closeQuietly(embedded);
  }

  private static void closeQuietly(AutoCloseable closeable) {
    if (closeable == null) {
      return;
    }
    try {
      closeable.close();
    } catch (Exception e) {
      log.warn("erreur à la fermeture de {} : {}", closeable.getClass().getSimpleName(), e.toString());
    }
  }

  private static String rootMessage(Throwable t) {
    if (t == null) {
      return "erreur inconnue";
    }
    Throwable root = t;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String own = t.getMessage();
    String deepest = root.getMessage();
    if (root == t || deepest == null) {
      return own;
    }
    return own + " (" + deepest + ")";
  }

  private static void sleep(Duration d) {
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new DatabaseUnavailableException("interrompu en attendant un nouvel essai de connexion à la base de données", e);
    }
  }
}

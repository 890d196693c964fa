package com.serveurcom.astreinte.database;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Where the data lives and how hard to try to reach it.
 *
 * @param externalUrl JDBC URL of an external PostgreSQL; empty = start an embedded one
 * @param user user for the external database
 * @param password password for the external database (never logged)
 * @param dataDirectory data directory of the embedded PostgreSQL; kept across restarts
 * @param embeddedPort port of the embedded PostgreSQL; 0 = pick a free one
 * @param connectAttempts how many times to try to reach the database at start (at least 1)
 * @param initialBackoff pause after the first failed attempt; doubled after each failure
 * @param maxBackoff upper bound of the pause between attempts
 * @param poolSize maximum number of pooled connections
 * @param closedByOwner the embedded server is stopped only by {@link Database#close()}: its library's own
 *     shutdown hook is not registered. The server sets it, because that hook runs at SIGTERM alongside the
 *     server's ordered stop and would take the database from calls still draining and pages being sent.
 *     A bare {@link Database} (tests, tools) keeps the hook, so a JVM that exits never leaves a postmaster.
 */
public record DatabaseConfig(
    Optional<String> externalUrl,
    String user,
    String password,
    Path dataDirectory,
    int embeddedPort,
    int connectAttempts,
    Duration initialBackoff,
    Duration maxBackoff,
    int poolSize,
    boolean closedByOwner) {

  public static final String ENV_URL = "ASTREINTE_DB_URL";
  public static final String ENV_USER = "ASTREINTE_DB_USER";
  public static final String ENV_PASSWORD = "ASTREINTE_DB_PASSWORD";
  /** Where the embedded server keeps its data unless told otherwise (relative to the working directory). */
  public static final Path DEFAULT_DATA_DIRECTORY = Path.of("data");

  public DatabaseConfig {
    Objects.requireNonNull(externalUrl, "externalUrl");
    Objects.requireNonNull(dataDirectory, "dataDirectory");
    Objects.requireNonNull(initialBackoff, "initialBackoff");
    Objects.requireNonNull(maxBackoff, "maxBackoff");
    user = user == null ? "postgres" : user;
    if (password == null) {
      password = "";
    }
    if (embeddedPort < 0 || embeddedPort > 65535) {
      throw new IllegalArgumentException("port du PostgreSQL embarqué hors limites : " + embeddedPort);
    }
    if (connectAttempts < 1) {
      throw new IllegalArgumentException("connectAttempts doit valoir au moins 1 (valeur reçue : " + connectAttempts + ")");
    }
    if (poolSize < 1) {
      throw new IllegalArgumentException("poolSize doit valoir au moins 1 (valeur reçue : " + poolSize + ")");
    }
  }

  /** Embedded PostgreSQL in {@code dataDirectory}, on a free port, default retries. */
  public static DatabaseConfig embedded(Path dataDirectory) {
    return new DatabaseConfig(Optional.empty(), "postgres", "", dataDirectory, 0, 5,
        Duration.ofSeconds(1), Duration.ofSeconds(30), 10, false);
  }

  /** External PostgreSQL at {@code url}, default retries. */
  public static DatabaseConfig external(String url, String user, String password) {
    return new DatabaseConfig(Optional.of(url), user, password, DEFAULT_DATA_DIRECTORY, 0, 5,
        Duration.ofSeconds(1), Duration.ofSeconds(30), 10, false);
  }

  /**
   * {@code ASTREINTE_DB_URL}, {@code ASTREINTE_DB_USER} and {@code ASTREINTE_DB_PASSWORD} as the server's
   * settings give them; without a URL (null or blank) the embedded database keeps its data in {@code dataDirectory}.
   */
  public static DatabaseConfig of(String url, String user, String password, Path dataDirectory) {
    if (url != null && !url.isBlank()) {
      return external(url.trim(), user == null ? "postgres" : user, password == null ? "" : password);
    }
    return embedded(dataDirectory);
  }

  public boolean isEmbedded() {
    return externalUrl.isEmpty();
  }

  public DatabaseConfig withEmbeddedPort(int port) {
    return new DatabaseConfig(externalUrl, user, password, dataDirectory, port, connectAttempts,
        initialBackoff, maxBackoff, poolSize, closedByOwner);
  }

  public DatabaseConfig withRetries(int attempts, Duration initial, Duration max) {
    return new DatabaseConfig(externalUrl, user, password, dataDirectory, embeddedPort, attempts,
        initial, max, poolSize, closedByOwner);
  }

  public DatabaseConfig withPoolSize(int size) {
    return new DatabaseConfig(externalUrl, user, password, dataDirectory, embeddedPort, connectAttempts,
        initialBackoff, maxBackoff, size, closedByOwner);
  }

  /** See {@code closedByOwner}: the caller closes the database itself, last, at shutdown. */
  public DatabaseConfig withClosedByOwner() {
    return new DatabaseConfig(externalUrl, user, password, dataDirectory, embeddedPort, connectAttempts,
        initialBackoff, maxBackoff, poolSize, true);
  }

  /** Never prints the password. */
  @Override
  public String toString() {
    return isEmbedded()
        ? "PostgreSQL embarqué (données dans " + dataDirectory.toAbsolutePath() + ", port "
            + (embeddedPort == 0 ? "automatique" : embeddedPort) + ")"
        : "PostgreSQL " + externalUrl.get() + ", utilisateur " + user;
  }
}

package com.serveurcom.astreinte.http;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;

/**
 * Where the API bearer token comes from: {@code ASTREINTE_API_TOKEN}, else the file
 * {@code <data dir>/api-token}. The server creates that file (mode 600) with a random token at
 * its first start and prints the token once on the terminal, never through the logger, so it
 * does not end up in log files; later starts read it silently. The command line reads the same
 * file, so on one machine it needs no setup.
 */
public final class ApiTokens {
  public static final String ENV = "ASTREINTE_API_TOKEN";
  public static final String FILE_NAME = "api-token";

  /** Where a token came from. */
  public enum Source { ENVIRONMENT, FILE, CREATED }

  /** A token and its origin; {@link #toString()} hides the token. */
  public record Resolved(String token, Source source, Path file) {
    @Override
    public String toString() {
      return "API token from " + (source == Source.ENVIRONMENT ? "$" + ENV : file);
    }
  }

  private final Optional<String> configured;
  private final Path dataDirectory;
  private final SecureRandom random;

  /** @param configured {@value #ENV} as the settings give it, empty when not set */
  public ApiTokens(Optional<String> configured, Path dataDirectory, SecureRandom random) {
    this.configured = configured;
    this.dataDirectory = dataDirectory;
    this.random = random;
  }

  public Path file() {
    return dataDirectory.resolve(FILE_NAME);
  }

  /**
   * The server's token, creating and printing it on {@code terminal} the first time.
   *
   * @throws UncheckedIOException when the data directory cannot hold the file
   */
  public Resolved forServer(PrintStream terminal) {
    Optional<Resolved> existing = existing();
    if (existing.isPresent()) {
      return existing.get();
    }
    String token = generate();
    Path file = file();
    try {
      Files.createDirectories(dataDirectory);
      Files.deleteIfExists(file); // a blank file left by a crash during the first start
      createPrivate(file);
      Files.writeString(file, token + "\n", StandardCharsets.UTF_8);
    } catch (FileAlreadyExistsException e) {
      // Another process created it between our read and our write: use theirs.
      return existing().orElseThrow(() -> new IllegalStateException(file + " appeared empty"));
    } catch (IOException e) {
      throw new UncheckedIOException("impossible d'écrire le fichier des jetons d'API " + file, e);
    }
    terminal.println("API token created and stored in " + file.toAbsolutePath() + " (shown only this once):");
    terminal.println("  " + token);
    terminal.println("Use it as: Authorization: Bearer <token> (the astreinte command line reads the file itself).");
    terminal.flush();
    return new Resolved(token, Source.CREATED, file);
  }

  /** The token from the environment or the file, never creating one (the command line's view). */
  public Optional<Resolved> existing() {
    String fromEnv = configured.orElse(null);
    if (fromEnv != null && !fromEnv.isBlank()) {
      return Optional.of(new Resolved(fromEnv.trim(), Source.ENVIRONMENT, null));
    }
    Path file = file();
    if (!Files.isRegularFile(file)) {
      return Optional.empty();
    }
    try {
      String token = Files.readString(file, StandardCharsets.UTF_8).trim();
      return token.isEmpty() ? Optional.empty() : Optional.of(new Resolved(token, Source.FILE, file));
    } catch (IOException e) {
      throw new UncheckedIOException("impossible de lire le fichier des jetons d'API " + file, e);
    }
  }

  private String generate() {
    byte[] bytes = new byte[32];
    random.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  /** Creates the file readable by its owner only, before any byte of the token is in it. */
  private static void createPrivate(Path file) throws IOException {
    try {
      Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    } catch (UnsupportedOperationException e) {
      Files.createFile(file); // not a POSIX file system (Windows): its ACLs apply
    }
  }
}

package com.serveurcom.astreinte.cli;

import com.serveurcom.astreinte.ServerSettings;
import com.serveurcom.astreinte.http.BearerToken;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Optional;

/**
 * The API token: {@code ASTREINTE_API_TOKEN} when set; otherwise one generated at first start,
 * kept with the data (mode 600) so the command line can read it, and shown once on the terminal,
 * never in the logs.
 */
final class ApiTokenFile {
  static final String ENV = "ASTREINTE_API_TOKEN";

  private ApiTokenFile() {}

  static Path file(Path dataDir) {
    return dataDir.resolve("api-token");
  }

  static BearerToken load(ServerSettings settings, PrintStream terminal) {
    Optional<String> env = settings.env(ENV);
    if (env.isPresent()) {
      return new BearerToken(env.get());
    }
    Path f = file(settings.dataDir());
    try {
      if (Files.exists(f)) {
        return new BearerToken(Files.readString(f, StandardCharsets.UTF_8).trim());
      }
      byte[] raw = new byte[24];
      new SecureRandom().nextBytes(raw);
      String token = HexFormat.of().formatHex(raw);
      Files.createDirectories(settings.dataDir());
      Files.writeString(f, token + "\n", StandardCharsets.UTF_8);
      try {
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-------"));
      } catch (UnsupportedOperationException notPosix) {
        // Windows: the file stays with the directory's permissions.
      }
      terminal.println("API token (shown once, kept in " + f + "): " + token);
      terminal.flush();
      return new BearerToken(token);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read or create the API token file " + f, e);
    }
  }

  /** The token for a command-line client: the environment, else the server's file. */
  static Optional<String> forClient(Path dataDir) {
    String env = System.getenv(ENV);
    if (env != null && !env.isBlank()) {
      return Optional.of(env.trim());
    }
    try {
      Path f = file(dataDir);
      return Files.exists(f) ? Optional.of(Files.readString(f, StandardCharsets.UTF_8).trim()) : Optional.empty();
    } catch (IOException e) {
      return Optional.empty();
    }
  }
}

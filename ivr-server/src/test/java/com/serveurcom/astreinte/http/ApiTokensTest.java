package com.serveurcom.astreinte.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ApiTokensTest {
  @TempDir Path data;

  private final ByteArrayOutputStream terminal = new ByteArrayOutputStream();
  private final PrintStream out = new PrintStream(terminal, true, StandardCharsets.UTF_8);

  @Test
  void environmentWinsAndNothingIsWritten() {
    ApiTokens tokens = new ApiTokens(Optional.of(" from-env "), data, new SecureRandom());
    ApiTokens.Resolved r = tokens.forServer(out);
    assertThat(r.token()).isEqualTo("from-env");
    assertThat(r.source()).isEqualTo(ApiTokens.Source.ENVIRONMENT);
    assertThat(Files.exists(tokens.file())).isFalse();
    assertThat(terminal.size()).isZero();
    assertThat(r.toString()).doesNotContain("from-env");
  }

  @Test
  void firstStartCreatesAPrivateFileAndPrintsOnceThenReadsSilently() throws Exception {
    Path dir = data.resolve("nested");
    ApiTokens tokens = new ApiTokens(Optional.empty(), dir, new SecureRandom());
    assertThat(tokens.existing()).isEmpty();

    ApiTokens.Resolved first = tokens.forServer(out);
    assertThat(first.source()).isEqualTo(ApiTokens.Source.CREATED);
    assertThat(first.token()).hasSizeGreaterThanOrEqualTo(40).matches("[A-Za-z0-9_-]+");
    assertThat(Files.readString(tokens.file()).trim()).isEqualTo(first.token());
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(tokens.file()))).isEqualTo("rw-------");
    assertThat(terminal.toString(StandardCharsets.UTF_8)).contains(first.token()).contains("api-token");
    assertThat(first.toString()).doesNotContain(first.token());

    terminal.reset();
    ApiTokens.Resolved second = tokens.forServer(out);
    assertThat(second.token()).isEqualTo(first.token());
    assertThat(second.source()).isEqualTo(ApiTokens.Source.FILE);
    assertThat(terminal.size()).isZero();
    assertThat(tokens.existing()).contains(second);
  }

  @Test
  void blankFileLeftByACrashIsReplaced() throws Exception {
    Files.writeString(data.resolve(ApiTokens.FILE_NAME), "\n");
    ApiTokens tokens = new ApiTokens(Optional.empty(), data, new SecureRandom());
    assertThat(tokens.existing()).isEmpty();
    ApiTokens.Resolved r = tokens.forServer(out);
    assertThat(r.source()).isEqualTo(ApiTokens.Source.CREATED);
    assertThat(Files.readString(tokens.file()).trim()).isEqualTo(r.token());
  }
}

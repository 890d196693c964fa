package com.serveurcom.astreinte.readme;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's examples, run as a new administrator would: every {@code bin/astreinte} command of
 * its code blocks from "Try the line" to the config table, in order, against a real
 * {@code serve --demo} started as a child process on a fresh data directory. Each command runs in
 * its own JVM with the environment the README's reader has (the server's address, ports and data
 * directory through the documented variables), and its exit status and the outcomes the README shows
 * in comments are checked:
 *
 * <ul>
 *   <li>{@code # ... outcome: X} after a command: its output says {@code outcome: X};</li>
 *   <li>{@code # => X}: its output contains X;</li>
 *   <li>{@code # exit N: X}: it exits with N and says X on standard error (otherwise 0 is expected).</li>
 * </ul>
 */
class ReadmeExamplesTest {
  private static final Path README = Path.of("..", "README.md");
  private static final Path CONFIG = Path.of("..", "config").toAbsolutePath().normalize();

  @TempDir static Path home;
  static Process server;
  static Map<String, String> env;

  /** One README command and what its comments promise. */
  record Example(String line, List<String> args, int exit, List<String> expected) {}

  @BeforeAll
  static void startTheDemo() throws Exception {
    int http = freePort();
    int agi = freePort();
    Path data = home.resolve("data");
    env = Map.of(
        "ASTREINTE_API_URL", "http://127.0.0.1:" + http,
        "ASTREINTE_AGI_PORT", Integer.toString(agi),
        "ASTREINTE_HTTP_PORT", Integer.toString(http),
        "ASTREINTE_DATA_DIR", data.toString(),
        "ASTREINTE_CONFIG_DIR", CONFIG.toString(),
        "ASTREINTE_VOICEMAIL_SPOOL", data.resolve("spool").resolve("voicemail").toString());
    ProcessBuilder pb = java(List.of("serve", "--demo"));
    pb.redirectErrorStream(true).redirectOutput(home.resolve("server.log").toFile());
    server = pb.start();
    HttpClient client = HttpClient.newHttpClient();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
    while (true) {
      assertThat(server.isAlive()).as("serve --demo stopped: %s", log()).isTrue();
      try {
        HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create(env.get("ASTREINTE_API_URL") + "/readyz"))
            .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() == 200) {
          break;
        }
      } catch (IOException notYet) {
        // not listening yet
      }
      assertThat(System.nanoTime()).as("serve --demo not ready in 180 s: %s", log()).isLessThan(deadline);
      Thread.sleep(300);
    }
  }

  @AfterAll
  static void stop() throws Exception {
    if (server != null) {
      server.destroy();
      if (!server.waitFor(60, TimeUnit.SECONDS)) {
        server.destroyForcibly();
      }
    }
  }

  @Test
  void theReadmeExamplesWorkInOrderOnAFreshDemo() throws Exception {
    List<Example> examples = examples(Files.readString(README, StandardCharsets.UTF_8));
    assertThat(examples).as("the README's examples").hasSizeGreaterThan(25);
    assertThat(examples).anyMatch(e -> e.line().contains("oncall take-charge 26000001"))
        .anyMatch(e -> e.line().contains("report oncall"));
    for (Example e : examples) {
      run(e);
    }
    // The README sends readers to /metrics: after the calls and pages above, every metric says what it is.
    String metrics = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(env.get("ASTREINTE_API_URL")
        + "/metrics")).build(), HttpResponse.BodyHandlers.ofString()).body();
    assertThat(metrics).contains("# HELP astreinte_calls_total ").contains("# HELP astreinte_agi_active_calls ");
    assertThat(metrics.lines().filter(l -> l.startsWith("# HELP ")))
        .allSatisfy(l -> assertThat(l.split(" ", 4)).as(l).hasSize(4).allSatisfy(part -> assertThat(part).isNotBlank()));
  }

  private static void run(Example e) throws Exception {
    // Pages and escalations are written by engines a moment after the command that causes them: a
    // listing is read again, for a few seconds, before its expectation counts as broken.
    boolean listing = e.args().get(0).equals("pages") || e.args().get(0).equals("escalations");
    for (int attempt = 1; ; attempt++) {
      Path out = home.resolve("out.txt");
      Path err = home.resolve("err.txt");
      Process p = java(e.args()).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
      assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("%s did not end", e.line()).isTrue();
      String stdout = Files.readString(out, StandardCharsets.UTF_8);
      String stderr = Files.readString(err, StandardCharsets.UTF_8);
      String all = stdout + stderr;
      boolean met = p.exitValue() == e.exit() && e.expected().stream().allMatch(all::contains);
      if (met || !listing || attempt == 10) {
        assertThat(p.exitValue()).as("exit status of %s%nstdout: %s%nstderr: %s", e.line(), stdout, stderr)
            .isEqualTo(e.exit());
        for (String x : e.expected()) {
          assertThat(e.exit() == 0 ? stdout : stderr).as("%s%nstderr: %s", e.line(), stderr).contains(x);
        }
        return;
      }
      Thread.sleep(500);
    }
  }

  /** The commands of the README's shell blocks from "## Try the line" to the next top-level part. */
  static List<Example> examples(String readme) {
    int from = readme.indexOf("## Try the line");
    int to = readme.indexOf("## What administrators edit");
    assertThat(from).as("README section 'Try the line'").isNotNegative();
    String part = readme.substring(from, to);
    List<Example> examples = new ArrayList<>();
    Matcher block = Pattern.compile("```sh\\n(.*?)```", Pattern.DOTALL).matcher(part);
    while (block.find()) {
      List<String> lines = new ArrayList<>(List.of(block.group(1).replace("\\\n", " ").split("\n")));
      for (int i = 0; i < lines.size(); i++) {
        String line = lines.get(i).trim();
        if (!line.startsWith("bin/astreinte ")) {
          continue;
        }
        String command = stripComment(line);
        List<String> args = words(command.substring("bin/astreinte ".length()));
        // The prompt builder needs espeak-ng and sox; its own test makes real sound files with them.
        if (args.get(0).equals("prompts")) {
          continue;
        }
        int exit = 0;
        List<String> expected = new ArrayList<>();
        for (int j = i + 1; j < lines.size() && lines.get(j).trim().startsWith("#"); j++) {
          String comment = lines.get(j).trim();
          Matcher outcome = Pattern.compile("outcome: (\\S+(?: \\S+)*?)(?:  |$)").matcher(comment);
          Matcher contains = Pattern.compile("^# => (.+?)(?:  |$)").matcher(comment);
          Matcher failure = Pattern.compile("^# exit (\\d+): (.+?)(?:  |$)").matcher(comment);
          if (outcome.find()) {
            expected.add("outcome: " + outcome.group(1));
          } else if (contains.find()) {
            expected.add(contains.group(1));
          } else if (failure.find()) {
            exit = Integer.parseInt(failure.group(1));
            expected.add(failure.group(2));
          }
        }
        examples.add(new Example(command, args, exit, expected));
      }
    }
    return examples;
  }

  /** A command without its trailing "# comment" (a # inside quotes or keys such as "*#" stays). */
  private static String stripComment(String line) {
    boolean quoted = false;
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (c == '"') {
        quoted = !quoted;
      } else if (c == '#' && !quoted && i > 0 && Character.isWhitespace(line.charAt(i - 1))) {
        return line.substring(0, i).trim();
      }
    }
    return line.trim();
  }

  /** Splits like the shell for what the README uses: spaces, and double quotes around a word. */
  static List<String> words(String command) {
    List<String> words = new ArrayList<>();
    StringBuilder w = new StringBuilder();
    boolean quoted = false;
    boolean any = false;
    for (char c : command.toCharArray()) {
      if (c == '"') {
        quoted = !quoted;
        any = true;
      } else if (Character.isWhitespace(c) && !quoted) {
        if (any) {
          words.add(w.toString());
          w.setLength(0);
          any = false;
        }
      } else {
        w.append(c);
        any = true;
      }
    }
    if (any) {
      words.add(w.toString());
    }
    return words;
  }

  /** {@code bin/astreinte ARGS} as the launcher runs it, with this test's classes, in the reader's shell. */
  private static ProcessBuilder java(List<String> args) {
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
        "com.serveurcom.astreinte.cli.AstreinteCommand"));
    command.addAll(args);
    ProcessBuilder pb = new ProcessBuilder(command).directory(home.toFile());
    Map<String, String> e = pb.environment();
    e.keySet().removeIf(k -> k.startsWith("ASTREINTE_") || k.startsWith("TWILIO_"));
    e.putAll(env);
    return pb;
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  private static String log() {
    try {
      return Files.readString(home.resolve("server.log"));
    } catch (IOException e) {
      return e.toString();
    }
  }
}

package com.serveurcom.astreinte.fault;

import static org.assertj.core.api.Assertions.assertThat;

import com.serveurcom.astreinte.twilio.FakeTwilioServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code serve} as an operator runs it: real child JVMs, really killed. A killed server leaves its
 * postmaster running and the next start still works; a second server on the same data directory
 * is told at once who holds it; a server that cannot take its port sends nothing; a production
 * server without a real pager does not start.
 */
@Tag("fault")
class ServeProcessTest {
  static final String SID = "AC" + "0".repeat(31) + "9";
  static final String TOKEN = "test-auth-token-serve";
  static final Path CONFIG = Path.of("..", "config").toAbsolutePath().normalize();

  @TempDir Path work;
  final List<Process> children = new ArrayList<>();
  final List<Path> dataDirs = new ArrayList<>();

  @AfterEach
  void stopEverything() throws Exception {
    for (Process p : children) {
      p.destroyForcibly();
      p.waitFor(10, TimeUnit.SECONDS);
    }
    for (Path d : dataDirs) {
      postmaster(d).ifPresent(pm -> {
        pm.destroy();
        pm.onExit().orTimeout(10, TimeUnit.SECONDS);
      });
    }
  }

  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  /** The child's environment: ours without any Astreinte or Twilio setting, plus {@code extra}. */
  Process serve(Path data, int agiPort, int httpPort, Map<String, String> extra, String... more) throws IOException {
    dataDirs.add(data);
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx256m", "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
        "com.serveurcom.astreinte.cli.AstreinteCommand", "serve", "--config=" + CONFIG, "--data=" + data,
        "--agi-port=" + agiPort, "--http-port=" + httpPort));
    command.addAll(List.of(more));
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(work.resolve("serve-" + children.size() + ".log").toFile()).directory(work.toFile());
    Map<String, String> env = pb.environment();
    env.keySet().removeIf(k -> k.startsWith("ASTREINTE_") || k.startsWith("TWILIO_"));
    env.put("ASTREINTE_TEST_LOG_LEVEL", "INFO");
    env.putAll(extra);
    Process p = pb.start();
    children.add(p);
    return p;
  }

  String output(Process p) throws IOException {
    return Files.readString(work.resolve("serve-" + children.indexOf(p) + ".log"), StandardCharsets.UTF_8);
  }

  void awaitOutput(Process p, Pattern pattern, Duration limit) throws Exception {
    long deadline = System.nanoTime() + limit.toNanos();
    while (!pattern.matcher(output(p)).find()) {
      assertThat(p.isAlive()).as("still running; its output:\n" + output(p)).isTrue();
      assertThat(System.nanoTime()).as(pattern + " within " + limit + "; output:\n" + output(p)).isLessThan(deadline);
      Thread.sleep(200);
    }
  }

  static Optional<ProcessHandle> postmaster(Path data) {
    try {
      long pid = Long.parseLong(Files.readAllLines(data.resolve("postgres").resolve("postmaster.pid")).get(0).trim());
      return ProcessHandle.of(pid).filter(Processes::running);
    } catch (IOException | RuntimeException none) {
      return Optional.empty();
    }
  }

  static int exitWithin(Process p, Duration limit) throws InterruptedException {
    assertThat(p.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)).as("exited within " + limit).isTrue();
    return p.exitValue();
  }

  @Test
  void aKilledServerLeavesNothingInTheWayAndASecondServerIsToldWhoHoldsTheDirectory() throws Exception {
    Path data = work.resolve("data");
    Process first = serve(data, freePort(), freePort(), Map.of("ASTREINTE_PAGER", "log"));
    awaitOutput(first, Pattern.compile("serveur Astreinte pr.{1,2}t : .*\\(envoi des pages : log,"), Duration.ofSeconds(120));

    long started = System.nanoTime();
    Process second = serve(data, freePort(), freePort(), Map.of("ASTREINTE_PAGER", "log"));
    assertThat(exitWithin(second, Duration.ofSeconds(30))).isEqualTo(1);
    System.out.printf("FIGURE second serve on the same data directory refused in %d ms%n",
        Duration.ofNanos(System.nanoTime() - started).toMillis());
    assertThat(Duration.ofNanos(System.nanoTime() - started)).as("told at once, not after retries")
        .isLessThan(Duration.ofSeconds(15));
    assertThat(output(second)).contains("un serveur Astreinte (pid " + first.pid() + ") utilise déjà le répertoire");

    ProcessHandle orphan = postmaster(data).orElseThrow();
    first.destroyForcibly(); // kill -9: no shutdown hook, PostgreSQL is left running
    first.waitFor(10, TimeUnit.SECONDS);
    Thread.sleep(500);
    assertThat(Processes.running(orphan)).as("the killed server's postmaster lives on").isTrue();

    long restarted = System.nanoTime();
    Process third = serve(data, freePort(), freePort(), Map.of("ASTREINTE_PAGER", "log"));
    awaitOutput(third, Pattern.compile("serveur Astreinte pr.{1,2}t : "), Duration.ofSeconds(120));
    System.out.printf("FIGURE start after kill -9, leftover postmaster stopped, ready in %d ms%n",
        Duration.ofNanos(System.nanoTime() - restarted).toMillis());
    assertThat(output(third)).contains("laissé par un serveur mal arrêté");
    assertThat(Processes.running(orphan)).as("the leftover postmaster was stopped").isFalse();
    ProcessHandle now = postmaster(data).orElseThrow();
    assertThat(now.pid()).isNotEqualTo(orphan.pid());

    third.destroy(); // SIGTERM: a clean stop (the JVM ends with 128 + 15 after its shutdown hooks)
    assertThat(exitWithin(third, Duration.ofSeconds(60))).isEqualTo(143);
    long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
    while (Processes.running(now) && System.nanoTime() < deadline) {
      Thread.sleep(100);
    }
    assertThat(Processes.running(now)).as("a clean stop stops PostgreSQL too").isFalse();
  }

  @Test
  void aServerThatCannotTakeItsPortSendsNothingAndSaysSoInOneLine() throws Exception {
    try (FakeTwilioServer twilio = FakeTwilioServer.start(SID, TOKEN);
        ServerSocket taken = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      Map<String, String> env = new HashMap<>(Map.of("TWILIO_ACCOUNT_SID", SID, "TWILIO_AUTH_TOKEN", TOKEN,
          "ASTREINTE_TWILIO_FROM", "+33100000000", "ASTREINTE_TWILIO_API_BASE", twilio.baseUri().toString(),
          "ASTREINTE_PUBLIC_URL", "http://127.0.0.1:9"));
      // The demo's overdue tickets are escalated as soon as the escalation engine runs.
      Process p = serve(work.resolve("other"), taken.getLocalPort(), freePort(), env, "--demo");
      assertThat(exitWithin(p, Duration.ofSeconds(120))).isEqualTo(1);
      Thread.sleep(1_000);
      assertThat(twilio.requests()).as("nothing sent").isEmpty();
      assertThat(work.resolve("other").resolve("postgres")).as("failed before its database started").doesNotExist();
      String out = output(p);
      assertThat(out).contains("astreinte: serve: le port FastAGI 127.0.0.1:" + taken.getLocalPort() + " est déjà pris");
      assertThat(out).as("no stack trace").doesNotContain("\tat ").doesNotContain("Exception");
      assertThat(out.lines().filter(l -> l.startsWith("astreinte: serve:")).count()).isEqualTo(1);
    }
  }

  @Test
  void aProductionServerWithoutARealPagerDoesNotStart() throws Exception {
    Path data = work.resolve("prod");
    Process p = serve(data, freePort(), freePort(), Map.of());
    assertThat(exitWithin(p, Duration.ofSeconds(60))).isEqualTo(2);
    assertThat(output(p)).contains("TWILIO_ACCOUNT_SID", "TWILIO_AUTH_TOKEN", "ASTREINTE_TWILIO_FROM",
        "ASTREINTE_PUBLIC_URL", "ASTREINTE_PAGER=log");
    assertThat(data.resolve("postgres")).as("no database started").doesNotExist();

    Process wrong = serve(work.resolve("prod2"), freePort(), freePort(), Map.of("ASTREINTE_PAGER", "pigeon"));
    assertThat(exitWithin(wrong, Duration.ofSeconds(60))).isEqualTo(2);
    assertThat(output(wrong)).contains("ASTREINTE_PAGER vaut 'pigeon'");
  }
}

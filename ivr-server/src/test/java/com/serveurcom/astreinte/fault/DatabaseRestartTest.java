package com.serveurcom.astreinte.fault;

import static com.serveurcom.astreinte.database.generated.Tables.ONCALL_REQUEST;
import static org.assertj.core.api.Assertions.assertThat;

import com.serveurcom.astreinte.Astreinte;
import com.serveurcom.astreinte.ServerSettings;
import com.serveurcom.astreinte.config.ConfigLoadResult;
import com.serveurcom.astreinte.config.ConfigLoader;
import com.serveurcom.astreinte.http.BearerToken;
import com.serveurcom.astreinte.simulator.AsteriskSimulator;
import com.serveurcom.astreinte.simulator.CallSpec;
import com.serveurcom.astreinte.simulator.SimulatorSettings;
import com.serveurcom.astreinte.twilio.FakeTwilioServer;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded PostgreSQL is killed with SIGKILL under a running server: a real postmaster, really
 * killed. The server starts it again by itself; while it cannot, /readyz says so, a caller's
 * message waits in the journal, and the last-resort contact gets one SMS, straight from the pager,
 * saying how many messages wait. Once the database is back the message is registered.
 */
@Tag("fault")
class DatabaseRestartTest {
  static final String SID = "AC" + "0".repeat(31) + "7";
  static final String TOKEN = "test-auth-token-restart";
  static final String LAST_RESORT = "+33272646101";

  @TempDir Path data;
  final HttpClient http = HttpClient.newHttpClient();

  static int freePort() throws Exception {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  long postmasterPid() throws Exception {
    return Long.parseLong(Files.readAllLines(data.resolve("postgres").resolve("postmaster.pid"),
        StandardCharsets.US_ASCII).get(0).trim());
  }

  int readyz(Astreinte server) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.httpAddress().getPort() + "/readyz"))
        .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString()).statusCode();
  }

  static void await(String what, Duration limit, BooleanSupplier done) throws InterruptedException {
    long deadline = System.nanoTime() + limit.toNanos();
    while (!done.getAsBoolean()) {
      assertThat(System.nanoTime()).as(what + " within " + limit).isLessThan(deadline);
      Thread.sleep(200);
    }
  }

  static void kill9(long pid) throws InterruptedException {
    ProcessHandle p = ProcessHandle.of(pid).orElseThrow();
    p.destroyForcibly();
    await("process " + pid + " gone", Duration.ofSeconds(10), () -> !Processes.running(p));
  }

  @Test
  void aKilledPostgresIsRestartedAndAnOutageKeepsTheMessageAndAlarmsOnce() throws Exception {
    Path config = Path.of("..", "config").toAbsolutePath().normalize();
    int agiPort = freePort();
    try (FakeTwilioServer twilio = FakeTwilioServer.start(SID, TOKEN)) {
      ServerSettings settings = new ServerSettings(config, data, true, InetAddress.getLoopbackAddress(), agiPort,
          20, InetAddress.getLoopbackAddress(), 0, Duration.ofSeconds(2), com.serveurcom.astreinte.Settings.read(Map.of(
              "TWILIO_ACCOUNT_SID", SID, "TWILIO_AUTH_TOKEN", TOKEN, "ASTREINTE_TWILIO_FROM", "+33100000000",
              "ASTREINTE_TWILIO_API_BASE", twilio.baseUri().toString(), "ASTREINTE_PUBLIC_URL", "http://127.0.0.1:9",
              "ASTREINTE_DB_DOWN_ALARM_SECONDS", "12")));
      Astreinte server = new Astreinte(settings, Clock.systemUTC())
          .start(((ConfigLoadResult.Valid) ConfigLoader.load(config)).config(), new BearerToken("t"));
      try {
        assertThat(readyz(server)).isEqualTo(200);

        // 1. SIGKILL: restarted by the server, same port, without anyone's help.
        long first = postmasterPid();
        long killed = System.nanoTime();
        kill9(first);
        await("a new postmaster", Duration.ofSeconds(30), () -> {
          try {
            long now = postmasterPid();
            return now != first && ProcessHandle.of(now).map(Processes::running).orElse(false);
          } catch (Exception notYet) {
            return false;
          }
        });
        await("/readyz back to 200", Duration.ofSeconds(30), () -> {
          try {
            return readyz(server) == 200;
          } catch (Exception e) {
            return false;
          }
        });
        System.out.printf("FIGURE postmaster killed -> /readyz 200 again: %d ms%n",
            Duration.ofNanos(System.nanoTime() - killed).toMillis());

        // 2. Killed again, and something else holds its directory: it stays down.
        Process squatter = new ProcessBuilder("sleep", "600").start();
        try {
          Path pidFile = data.resolve("postgres").resolve("postmaster.pid");
          List<String> lines = Files.readAllLines(pidFile, StandardCharsets.US_ASCII);
          long second = Long.parseLong(lines.get(0).trim());
          lines.set(0, Long.toString(squatter.pid()));
          Files.write(pidFile, lines, StandardCharsets.US_ASCII);
          kill9(second);

          var call = new AsteriskSimulator(SimulatorSettings.defaults().withIdleLimit(Duration.ofSeconds(20))).call(
              CallSpec.builder("127.0.0.1", agiPort).script("support?at=2026-11-28T02:00:00Z")
                  .callerId("+33612345678", "Jeanne").keys("26000001#, 1, message").build());
          assertThat(call.printTranscript()).isNotEmpty();
          Path journal = data.resolve("journal").resolve("messages.jsonl");
          assertThat(journal).as("the message waits in the journal").exists();
          assertThat(Files.readString(journal)).contains("26000001");
          assertThat(readyz(server)).as("/readyz while the database is down").isEqualTo(503);

          // The self-alarm: one SMS to the last-resort contact, straight to the provider.
          await("the database alarm", Duration.ofSeconds(30), () -> !alarms(twilio).isEmpty());
          Thread.sleep(6_000); // another check or more: still one alarm
          List<FakeTwilioServer.RecordedRequest> alarms = alarms(twilio);
          assertThat(alarms).hasSize(1);
          assertThat(alarms.get(0).param("To")).isEqualTo(LAST_RESORT);
          assertThat(alarms.get(0).param("Body")).contains("1 message d'astreinte attend");
        } finally {
          squatter.destroyForcibly();
          squatter.waitFor();
        }
        long freed = System.nanoTime();

        // 3. Freed: it comes back by itself and the journal is replayed.
        await("/readyz back to 200 after the outage", Duration.ofSeconds(60), () -> {
          try {
            return readyz(server) == 200;
          } catch (Exception e) {
            return false;
          }
        });
        System.out.printf("FIGURE directory freed -> /readyz 200 again: %d ms%n",
            Duration.ofNanos(System.nanoTime() - freed).toMillis());
        await("the journaled message registered", Duration.ofSeconds(60), () -> {
          try {
            server.replayJournals();
            return server.database().dsl().fetchCount(ONCALL_REQUEST, ONCALL_REQUEST.TICKET_NUMBER.eq("26000001")) == 1;
          } catch (RuntimeException e) {
            return false;
          }
        });
        assertThat(server.database().dsl().fetchValue("SHOW fsync")).isEqualTo("on");
        long sent = twilio.requests().stream().filter(r -> r.path().endsWith("/Messages.json")).count();
        long distinct = twilio.requests().stream().filter(r -> r.path().endsWith("/Messages.json"))
            .map(r -> r.param("To") + "|" + r.param("Body")).distinct().count();
        System.out.printf("FIGURE SMS sent during the run: %d, distinct (recipient, text): %d%n", sent, distinct);
        // Killing the database mid-send leaves parts whose answer was never recorded: they are looked up at
        // Twilio before any resend (each SMS carries its part's tag), so no text reaches anyone twice.
        assertThat(sent).as("SMS sent once each across two database kills").isEqualTo(distinct);
      } finally {
        server.close();
      }
    }
  }

  static List<FakeTwilioServer.RecordedRequest> alarms(FakeTwilioServer twilio) {
    return twilio.requests().stream()
        .filter(r -> r.path().endsWith("/Messages.json") && r.param("Body") != null
            && r.param("Body").contains("base de données"))
        .toList();
  }
}

package com.serveurcom.astreinte;

import static com.serveurcom.astreinte.database.generated.Tables.CALL_RECORD;
import static com.serveurcom.astreinte.database.generated.Tables.ONCALL_REQUEST;
import static com.serveurcom.astreinte.database.generated.Tables.OUTBOX;
import static org.assertj.core.api.Assertions.assertThat;

import com.serveurcom.astreinte.call.SupportLine;
import com.serveurcom.astreinte.config.ConfigLoadResult;
import com.serveurcom.astreinte.config.ConfigLoader;
import com.serveurcom.astreinte.http.BearerToken;
import com.serveurcom.astreinte.simulator.AsteriskSimulator;
import com.serveurcom.astreinte.simulator.CallResult;
import com.serveurcom.astreinte.simulator.CallSpec;
import com.serveurcom.astreinte.simulator.SimulatorSettings;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The database dies during the night: a caller still leaves the on-call message, the call is
 * still recorded, and both reach the database, with the page, once it is back.
 */
class DatabaseOutageTest {
  @TempDir Path data;
  @TempDir Path pgData;

  static int freePort() throws Exception {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  EmbeddedPostgres postgres(int port) throws Exception {
    return EmbeddedPostgres.builder().setDataDirectory(pgData).setCleanDataDirectory(false).setPort(port)
        .setPGStartupWait(Duration.ofSeconds(30)).start();
  }

  @Test
  void anEmergencyIsKeptThroughADatabaseOutage() throws Exception {
    int pgPort = freePort();
    EmbeddedPostgres pg = postgres(pgPort);
    Path config = Path.of("..", "config").toAbsolutePath().normalize();
    int agiPort = freePort();
    ServerSettings settings = new ServerSettings(config, data, true, InetAddress.getLoopbackAddress(), agiPort, Set.of(),
        20, InetAddress.getLoopbackAddress(), 0, Duration.ofSeconds(2),
        Map.of("ASTREINTE_DB_URL", pg.getJdbcUrl("postgres", "postgres"), "ASTREINTE_DB_USER", "postgres",
            "ASTREINTE_DB_PASSWORD", ""));
    Astreinte server = new Astreinte(settings, Clock.systemUTC())
        .start(((ConfigLoadResult.Valid) ConfigLoader.load(config)).config(), new BearerToken("t"));
    try {
      pg.close(); // the database goes down

      long started = System.nanoTime();
      CallResult call = new AsteriskSimulator(SimulatorSettings.defaults().withIdleLimit(Duration.ofSeconds(20))).call(
          CallSpec.builder("127.0.0.1", agiPort).script("support?at=2026-11-28T02:00:00Z")
              .callerId("+33612345678", "Jeanne").keys("26000001#, 1, message").build());
      Duration took = Duration.ofNanos(System.nanoTime() - started);

      assertThat(call.variablesSet()).as(call.printTranscript())
          .containsEntry(SupportLine.OUTCOME_VARIABLE, "registered request=26000001");
      assertThat(call.digitsSaid()).as("the caller is told the message is taken").containsExactly("26000001");
      assertThat(took).as("the caller does not wait on a dead database").isLessThan(Duration.ofSeconds(8));

      pg = postgres(pgPort); // back
      var db = server.database().dsl();
      // The server replays every 30 s; the first try may still meet a connection the pool had
      // opened before the outage, so replay the way it does: until it succeeds.
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (true) {
        server.replayJournals();
        try {
          if (db.fetchCount(ONCALL_REQUEST) > 0 && db.fetchCount(CALL_RECORD) > 0) {
            break;
          }
        } catch (RuntimeException stillReconnecting) {
          // next round
        }
        assertThat(System.nanoTime()).as("journals replayed within 30 s").isLessThan(deadline);
        Thread.sleep(500);
      }
      assertThat(db.fetchCount(ONCALL_REQUEST, ONCALL_REQUEST.TICKET_NUMBER.eq("26000001"))).isEqualTo(1);
      assertThat(db.fetchCount(OUTBOX, OUTBOX.KIND.eq("page"))).isEqualTo(1);
      assertThat(db.fetchCount(CALL_RECORD, CALL_RECORD.OUTCOME.eq("registered"))).isEqualTo(1);
    } finally {
      server.close();
      pg.close();
    }
  }
}

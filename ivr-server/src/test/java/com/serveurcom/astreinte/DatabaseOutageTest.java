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
import com.serveurcom.astreinte.simulator.SimulatedCallResult;
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
 * The database dies during the night: callers still leave their on-call messages, the calls are still
 * recorded, and both reach the database once it is back; only then is eligibility checked, so only the
 * eligible request is paged and the others become refusals with their reasons, told to the customer by SMS.
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
  void anOutageKeepsEveryMessageButPagesOnlyTheEligibleOne() throws Exception {
    int pgPort = freePort();
    EmbeddedPostgres pg = postgres(pgPort);
    Path config = Path.of("..", "config").toAbsolutePath().normalize();
    int agiPort = freePort();
    ServerSettings settings = new ServerSettings(config, data, true, InetAddress.getLoopbackAddress(), agiPort,
        20, InetAddress.getLoopbackAddress(), 0, Duration.ofSeconds(2),
        com.serveurcom.astreinte.Settings.read(Map.of("ASTREINTE_DB_URL", pg.getJdbcUrl("postgres", "postgres"), "ASTREINTE_DB_USER", "postgres",
            "ASTREINTE_DB_PASSWORD", "")));
    Astreinte server = new Astreinte(settings, Clock.systemUTC())
        .start(((ConfigLoadResult.Valid) ConfigLoader.load(config)).config(), new BearerToken("t"));
    try {
      pg.close(); // the database goes down

      // Nobody can check a request while the database is down: every caller leaves a message, and is
      // told only that it is recorded and will be checked.
      Map<String, String> numbers = new java.util.LinkedHashMap<>();
      numbers.put("26000001", "+33612345671"); // high, open: eligible
      numbers.put("26000002", "+33612345672"); // low
      numbers.put("26000004", "+33612345674"); // resolved
      numbers.put("99999999", "+33612345679"); // unknown
      for (var n : numbers.entrySet()) {
        long started = System.nanoTime();
        SimulatedCallResult call = new AsteriskSimulator(SimulatorSettings.defaults().withIdleLimit(Duration.ofSeconds(20))).call(
            CallSpec.builder("127.0.0.1", agiPort).script("support?at=2026-11-28T02:00:00Z")
                .callerId(n.getValue(), "Jeanne").keys(n.getKey() + "#, 1, message").build());
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        assertThat(call.variablesSet()).as(call.printTranscript())
            .containsEntry(SupportLine.OUTCOME_VARIABLE, "registered request=" + n.getKey());
        assertThat(call.digitsSaid()).as("the caller hears the request number back").containsExactly(n.getKey());
        assertThat(call.prompts()).as("the caller is promised only what is true")
            .contains("astreinte/enregistre-a-verifier").doesNotContain("astreinte/enregistre-fin");
        assertThat(took).as("the caller does not wait on a dead database").isLessThan(Duration.ofSeconds(8));
      }

      pg = postgres(pgPort); // back
      var db = server.database().dsl();
      // The server replays every 30 s; the first try may still meet a connection the pool had
      // opened before the outage, so replay the way it does: until it succeeds.
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (true) {
        server.replayJournals();
        try {
          if (db.fetchCount(CALL_RECORD) >= 4 && db.fetchCount(CALL_RECORD, CALL_RECORD.OUTCOME.eq("refused")) == 3
              && db.fetchCount(ONCALL_REQUEST) > 0) {
            break;
          }
        } catch (RuntimeException stillReconnecting) {
          // next round
        }
        assertThat(System.nanoTime()).as("journals replayed within 30 s").isLessThan(deadline);
        Thread.sleep(500);
      }
      assertThat(db.fetchCount(ONCALL_REQUEST)).as("only the eligible request is registered").isEqualTo(1);
      assertThat(db.fetchCount(ONCALL_REQUEST, ONCALL_REQUEST.TICKET_NUMBER.eq("26000001"))).isEqualTo(1);
      assertThat(db.fetchCount(OUTBOX, OUTBOX.KIND.eq("page"))).isEqualTo(1);
      assertThat(db.fetchCount(OUTBOX, OUTBOX.KIND.eq("page_orphan"))).as("the unknown number pages nobody").isZero();
      assertThat(db.select(CALL_RECORD.REQUEST_NUMBER, CALL_RECORD.OUTCOME, CALL_RECORD.REFUSAL_REASON).from(CALL_RECORD)
          .orderBy(CALL_RECORD.REQUEST_NUMBER).fetch().map(r -> r.value1() + " " + r.value2() + " " + r.value3()))
          .containsExactly("26000001 registered null", "26000002 refused priority_not_oncall",
              "26000004 refused request_closed", "99999999 refused unknown_request");
      // Each refused customer is told why and when, by SMS to the call-back number; nothing else is sent.
      var sms = db.select(OUTBOX.PAYLOAD).from(OUTBOX).where(OUTBOX.KIND.eq("customer_sms"))
          .fetch(r -> r.value1().data());
      assertThat(sms).hasSize(3);
      assertThat(sms).anySatisfy(p -> assertThat(p).contains("+33612345672").contains("26000002")
          .contains("ne relève pas de l'astreinte").contains("réouverture du service clients"));
      assertThat(sms).anySatisfy(p -> assertThat(p).contains("+33612345674").contains("résolue ou clôturée"));
      assertThat(sms).anySatisfy(p -> assertThat(p).contains("+33612345679").contains("99999999 est inconnu"));
      // A second replay changes nothing: the journal is empty.
      server.replayJournals();
      assertThat(db.fetchCount(OUTBOX, OUTBOX.KIND.eq("customer_sms"))).isEqualTo(3);
    } finally {
      server.close();
      pg.close();
    }
  }
}

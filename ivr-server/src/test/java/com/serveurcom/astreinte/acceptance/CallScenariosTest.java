package com.serveurcom.astreinte.acceptance;

import static com.serveurcom.astreinte.database.generated.Tables.CALL_RECORD;
import static com.serveurcom.astreinte.database.generated.Tables.ONCALL_MESSAGE;
import static com.serveurcom.astreinte.database.generated.Tables.ONCALL_REQUEST;
import static com.serveurcom.astreinte.database.generated.Tables.OUTBOX;
import static org.assertj.core.api.Assertions.assertThat;

import com.serveurcom.astreinte.Astreinte;
import com.serveurcom.astreinte.ServerSettings;
import com.serveurcom.astreinte.call.SupportLine;
import com.serveurcom.astreinte.config.ConfigLoadResult;
import com.serveurcom.astreinte.config.ConfigLoader;
import com.serveurcom.astreinte.http.BearerToken;
import com.serveurcom.astreinte.simulator.AsteriskSimulator;
import com.serveurcom.astreinte.simulator.SimulatedCallResult;
import com.serveurcom.astreinte.simulator.CallSpec;
import com.serveurcom.astreinte.simulator.QueueBehaviour;
import com.serveurcom.astreinte.simulator.SimulatorSettings;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.jooq.DSLContext;
import org.jooq.Record;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every scenario of {@code calls.md}, in order, through the whole server as {@code serve --demo}
 * builds it (shipped config, embedded PostgreSQL, the real FastAGI port), called by the Asterisk
 * simulator over TCP.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CallScenariosTest {
  @TempDir static Path data;
  static Astreinte server;
  static int agiPort;

  static int freePort() throws Exception {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  @BeforeAll
  static void start() throws Exception {
    Path config = Path.of("..", "config").toAbsolutePath().normalize();
    var loaded = ConfigLoader.load(config);
    assertThat(loaded).isInstanceOf(ConfigLoadResult.Valid.class);
    agiPort = freePort();
    ServerSettings settings = new ServerSettings(config, data, true, InetAddress.getLoopbackAddress(), agiPort,
        200, InetAddress.getLoopbackAddress(), 0, Duration.ofSeconds(2), com.serveurcom.astreinte.Settings.read(Map.of()));
    server = new Astreinte(settings, Clock.systemUTC())
        .start(((ConfigLoadResult.Valid) loaded).config(), new BearerToken("test-token"));
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
    }
  }

  static Stream<CallScenario> scenarios() throws Exception {
    return CallScenario.load().stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("scenarios")
  void scenario(CallScenario s) throws InterruptedException {
    DSLContext db = server.database().dsl();
    // Pages the call queued (the engines running beside it queue follow-ups and escalations too).
    var pages = OUTBOX.KIND.in("page", "page_orphan");
    int outboxBefore = db.fetchCount(OUTBOX, pages);
    int callsBefore = db.fetchCount(CALL_RECORD);

    CallSpec.Builder spec = CallSpec.builder("127.0.0.1", agiPort).script("support?at=" + s.at()).keys(s.keys());
    if (s.caller() == null) {
      spec.anonymous();
    } else if (s.restricted()) {
      spec.restricted(s.caller());
    } else {
      spec.callerId(s.caller(), "Client");
    }
    SimulatorSettings sim = SimulatorSettings.defaults()
        .withQueue(s.noAgent() ? QueueBehaviour.noAgent() : QueueBehaviour.agentAnswers());
    SimulatedCallResult call = new AsteriskSimulator(sim).call(spec.build());

    String outcome = call.variablesSet().get(SupportLine.OUTCOME_VARIABLE);
    assertThat(call.closedPromptly()).as("the server closes the FastAGI connection").isTrue();
    if (s.expected().equals("abandoned")) {
      assertThat(outcome).startsWith("abandoned");
      if (s.notes().contains("request number step")) {
        assertThat(outcome).isEqualTo("abandoned step=request_number");
      }
    } else {
      assertThat(outcome).isEqualTo(s.expected());
    }

    // Call records are written off the call's thread: give the writer a moment.
    long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    while (db.fetchCount(CALL_RECORD) == callsBefore && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    assertThat(db.fetchCount(CALL_RECORD)).as("exactly one call record").isEqualTo(callsBefore + 1);
    Record rec = db.selectFrom(CALL_RECORD).orderBy(CALL_RECORD.ID.desc()).limit(1).fetchOne();
    assertThat(rec.get(CALL_RECORD.OUTCOME)).isEqualTo(outcome.split(" ")[0]);
    assertThat(rec.get(CALL_RECORD.JUDGED_AT).toInstant()).isEqualTo(s.at());
    assertThat(rec.get(CALL_RECORD.STEPS).data()).isNotEqualTo("[]");
    if (outcome.startsWith("refused")) {
      assertThat(rec.get(CALL_RECORD.REFUSAL_REASON)).isEqualTo(outcome.substring("refused reason=".length()));
    }

    int queued = db.fetchCount(OUTBOX, pages) - outboxBefore;
    if (s.expected().startsWith("registered")) {
      assertThat(queued).as("a page queued").isEqualTo(1);
      assertThat(db.select(OUTBOX.KIND).from(OUTBOX).where(pages).orderBy(OUTBOX.ID.desc()).limit(1).fetchOne().value1())
          .isEqualTo("page");
      assertThat(rec.get(CALL_RECORD.MESSAGE_FILE)).isNotBlank();
      if (!s.keys().endsWith("message-hangup")) {
        assertThat(call.digitsSaid()).as("the request number is read back").contains(s.expected().split("=")[1]);
      }
    } else if (!s.expected().startsWith("escalation")) {
      assertThat(queued).as("nothing queued").isZero();
    }
    List<String> callbacks = java.util.regex.Pattern.compile("\\+\\d+").matcher(s.notes()).results()
        .map(java.util.regex.MatchResult::group).toList();
    if (s.notes().contains("callback")) {
      assertThat(rec.get(CALL_RECORD.CALLBACK_NUMBER)).isEqualTo(callbacks.get(0));
    }
    if (s.expected().startsWith("registered") && s.notes().contains("callback")) {
      // Every page of the request (first, new message, reminders) reads the request's number:
      // the latest one a caller left.
      String ticket = s.expected().split("=")[1];
      assertThat(db.select(ONCALL_REQUEST.CALLBACK_NUMBER).from(ONCALL_REQUEST)
              .where(ONCALL_REQUEST.TICKET_NUMBER.eq(ticket)).orderBy(ONCALL_REQUEST.ID.desc()).limit(1).fetchOne().value1())
          .as("the request's call-back number is the latest one left").isEqualTo(callbacks.get(0));
    }
    if (s.expected().startsWith("registered")) {
      // The message, and the request when this call opened it, are linked to this call's record.
      var message = db.selectFrom(ONCALL_MESSAGE).where(ONCALL_MESSAGE.CALL_ID.eq(rec.get(CALL_RECORD.CHANNEL_ID))).fetchOne();
      assertThat(message).as("the message is stored with the call that left it").isNotNull();
      assertThat(message.getCallRecordId()).as("the message is linked to its call record").isEqualTo(rec.get(CALL_RECORD.ID));
      var request = db.selectFrom(ONCALL_REQUEST).where(ONCALL_REQUEST.ID.eq(message.getOncallRequestId())).fetchOne();
      assertThat(request.getCallRecordId()).as("the request is linked to the call that opened it").isNotNull();
      if (rec.get(CALL_RECORD.CHANNEL_ID).equals(request.getCallId())) {
        assertThat(request.getCallRecordId()).isEqualTo(rec.get(CALL_RECORD.ID));
      }
    }
    if (s.restricted()) {
      assertThat(call.prompts()).as("a hidden number is not offered back").doesNotContain("astreinte/rappel-ce-numero");
      assertThat(rec.get(CALL_RECORD.CALLER)).as("a hidden number is not stored").isNull();
      String payload = db.select(OUTBOX.PAYLOAD).from(OUTBOX).where(pages).orderBy(OUTBOX.ID.desc()).limit(1)
          .fetchOne().value1().data();
      assertThat(payload).as("a hidden number is not paged").doesNotContain(s.caller().substring(3));
    }
    if (s.notes().contains("carries request")) {
      String n = s.notes().replaceAll(".*carries request (\\d+).*", "$1");
      assertThat(call.variablesSet()).containsEntry(SupportLine.REQUEST_VARIABLE, n);
      assertThat(rec.get(CALL_RECORD.REQUEST_NUMBER)).isEqualTo(n);
    }
  }
}

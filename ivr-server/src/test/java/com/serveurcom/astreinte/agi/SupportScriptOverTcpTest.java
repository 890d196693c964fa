package com.serveurcom.astreinte.agi;

import com.serveurcom.astreinte.oncall.RefusalReason;
import com.serveurcom.astreinte.oncall.OnCallMessage;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.serveurcom.astreinte.call.CallRecord;
import com.serveurcom.astreinte.call.LineSchedule;
import com.serveurcom.astreinte.call.OnCallDesk;
import com.serveurcom.astreinte.call.SupportLine;
import com.serveurcom.astreinte.call.SupportLineSettings;
import com.serveurcom.astreinte.simulator.AsteriskSimulator;
import com.serveurcom.astreinte.simulator.SimulatedCallResult;
import com.serveurcom.astreinte.simulator.CallSpec;
import com.serveurcom.astreinte.simulator.SimulatorSettings;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The support script served by the real asterisk-java FastAGI server, called by the simulator over TCP. */
class SupportScriptOverTcpTest {
  final List<CallRecord> records = new CopyOnWriteArrayList<>();
  final List<Instant> decidedAt = new CopyOnWriteArrayList<>();
  FastAgiListener listener;
  int port;

  final OnCallDesk desk = new OnCallDesk() {
    @Override public RequestCheck check(String n, String c, Instant at) {
      decidedAt.add(at);
      return n.equals("26000001") ? RequestCheck.ok() : RequestCheck.refused(RefusalReason.UNKNOWN_REQUEST);
    }
    @Override public Registration register(OnCallMessage m) { return new Registration(m.ticketNumber(), false); }
    @Override public EscalationAnswer escalate(String n, String c, Instant at) {
      return new EscalationAnswer(EscalationAnswer.Kind.LEVEL, 0);
    }
  };

  static int freePort() throws Exception {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  FastAgiListener.Settings settings(int p) throws Exception {
    return new FastAgiListener.Settings(InetAddress.getLoopbackAddress(), p, Set.of(), 4, 50, 30_000);
  }

  @BeforeEach
  void start() throws Exception {
    Clock clock = Clock.systemUTC();
    SupportLine line = new SupportLine(at -> new LineSchedule.LineState(false, "weekend"), q -> Optional.of(true), desk,
        records::add, SupportLineSettings.defaults(), clock);
    port = freePort();
    listener = new FastAgiListener(settings(port), Map.of("support", new SupportScript(line, clock, true, new io.micrometer.core.instrument.simple.SimpleMeterRegistry())));
    listener.start();
  }

  @AfterEach
  void stop() {
    listener.stop(Duration.ofSeconds(2));
  }

  SimulatedCallResult call(String keys, String script) {
    return new AsteriskSimulator(SimulatorSettings.defaults())
        .call(CallSpec.builder("127.0.0.1", port).script(script).callerId("+33612345678", "Jeanne").keys(keys).build());
  }

  @Test
  void aRegisteredCallClosesTheSocketAndReportsItsOutcome() {
    SimulatedCallResult r = call("26000001#, 1, message", "support");
    assertThat(r.closedPromptly()).isTrue();
    assertThat(r.variablesSet()).containsEntry(SupportLine.OUTCOME_VARIABLE, "registered request=26000001");
    assertThat(r.digitsSaid()).containsExactly("26000001");
    assertThat(r.ajAgiStatus()).isEqualTo("SUCCESS");
    assertThat(r.channelVariables()).containsEntry(FastAgiListener.SERVED_VARIABLE, "1");
    assertThat(r.afterAgi().path()).as("the server ended the call itself").isEqualTo(com.serveurcom.astreinte.simulator.AfterAgi.Path.NOT_REACHED);
    assertThat(records).hasSize(1);
  }

  @Test
  void aHangupIsAbandonedAndTheSocketStillCloses() {
    SimulatedCallResult r = call("hangup", "support");
    assertThat(r.closedPromptly()).isTrue();
    assertThat(records).singleElement().satisfies(c -> assertThat(c.outcome().line()).isEqualTo("abandoned step=request_number"));
  }

  @Test
  void theAtParameterSetsTheInstantOfADryRun() {
    call("99999999#, hangup", "support?at=2026-12-25T09:00:00Z");
    assertThat(decidedAt).containsExactly(Instant.parse("2026-12-25T09:00:00Z"));
    assertThat(records.get(0).at()).isEqualTo(Instant.parse("2026-12-25T09:00:00Z"));
  }

  /**
   * Asterisk passes {@code AGI(agi://.../support?at=2026-11-28T03:00:00+01:00)} as it is written
   * ({@code agi_request} keeps the {@code +}); asterisk-java decodes the query string as a form, so the
   * {@code +} reaches the script as a space. The instant must still be the one written.
   */
  @Test
  void anOffsetWithAPlusThroughTheDialplanIsTheInstantWritten() {
    call("99999999#, hangup", "support?at=2026-11-28T03:00:00+01:00");
    assertThat(decidedAt).containsExactly(Instant.parse("2026-11-28T02:00:00Z"));
  }

  @Test
  void aPercentEncodedPlusAndANegativeOffsetWorkToo() {
    call("99999999#, hangup", "support?at=2026-11-28T03:00:00%2B01:00");
    call("99999999#, hangup", "support?at=2026-11-27T21:00:00-05:00");
    assertThat(decidedAt).containsExactly(Instant.parse("2026-11-28T02:00:00Z"), Instant.parse("2026-11-28T02:00:00Z"));
  }

  @Test
  void anOverlongCallerIdIsTrimmedBeforeTheCallRecordStoresIt() {
    String longNumber = "+33612345678" + "9".repeat(20_000);
    SimulatedCallResult r = new AsteriskSimulator(SimulatorSettings.defaults())
        .call(CallSpec.builder("127.0.0.1", port).callerId(longNumber, "J".repeat(20_000)).keys("hangup").build());
    assertThat(r.closedPromptly()).isTrue();
    assertThat(records).singleElement().satisfies(c -> assertThat(c.callerId()).hasSizeLessThanOrEqualTo(80));
  }

  @Test
  void aOneMegabyteCallerIdNeverReachesTheCallRecord() {
    SimulatedCallResult r = new AsteriskSimulator(SimulatorSettings.defaults())
        .call(CallSpec.builder("127.0.0.1", port).callerId("+33" + "6".repeat(1 << 20), null).keys("message").build());
    // Past the 64 KiB line cap the connection is closed before any command: the dialplan's
    // fallback takes the call, and nothing of it is stored.
    assertThat(r.commands()).isEmpty();
    assertThat(r.tookFallback()).isTrue();
    assertThat(records).isEmpty();
  }

  @Test
  void aTakenPortStopsTheStartWithAClearError() throws Exception {
    FastAgiListener second = new FastAgiListener(settings(port), Map.of());
    assertThatThrownBy(second::start).isInstanceOf(IllegalStateException.class).hasMessageContaining("utilise-t-il déjà ce port");
  }

  @Test
  void aHostOutsideTheAllowListIsRefused() throws Exception {
    int p = freePort();
    FastAgiListener strict = new FastAgiListener(
        new FastAgiListener.Settings(InetAddress.getLoopbackAddress(), p, Set.of(InetAddress.getByName("192.0.2.1")), 2, 10, 30_000),
        Map.of("support", new SupportScript(null, Clock.systemUTC(), false, new io.micrometer.core.instrument.simple.SimpleMeterRegistry())));
    strict.start();
    try {
      SimulatedCallResult r = new AsteriskSimulator(SimulatorSettings.defaults())
          .call(CallSpec.builder("127.0.0.1", p).script("support").keys("-").build());
      assertThat(r.commands()).isEmpty();
      assertThat(r.end()).isNotEqualTo(SimulatedCallResult.End.IDLE_TIMEOUT);
      assertThat(r.tookFallback()).isTrue();
    } finally {
      strict.stop(Duration.ofSeconds(1));
    }
  }
}

package com.serveurcom.astreinte.voicemail;

import static com.serveurcom.astreinte.database.generated.Tables.OUTBOX;
import static com.serveurcom.astreinte.database.generated.Tables.VOICEMAIL_MESSAGE;
import static org.assertj.core.api.Assertions.assertThat;

import com.serveurcom.astreinte.account.AccountStore;
import com.serveurcom.astreinte.call.ClaimingDesk;
import com.serveurcom.astreinte.call.OnCallDesk;
import com.serveurcom.astreinte.demo.DemoFixture;
import com.serveurcom.astreinte.oncall.OnCallMessage;
import com.serveurcom.astreinte.oncall.OnCallRequests;
import com.serveurcom.astreinte.simulator.AsteriskSimulator;
import com.serveurcom.astreinte.simulator.SimulatedCallResult;
import com.serveurcom.astreinte.simulator.CallSpec;
import com.serveurcom.astreinte.simulator.SimulatorSettings;
import com.serveurcom.astreinte.simulator.VoicemailDeposit;
import com.serveurcom.astreinte.testing.MutableClock;
import com.serveurcom.astreinte.testing.TestDatabase;
import com.serveurcom.astreinte.testing.TestSla;
import com.serveurcom.astreinte.ticket.TicketStore;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.asteriskjava.fastagi.AgiScript;
import org.asteriskjava.fastagi.DefaultAgiServer;
import org.asteriskjava.fastagi.SimpleMappingStrategy;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The voicemail safety net on files the Asterisk simulator writes exactly like app_voicemail: a call whose
 * server "died" after VoiceMail (nothing registered) is paged once as an orphan; a registered call's
 * message, claimed through the {@link ClaimingDesk}, never is.
 */
class VoicemailSafetyNetTest {
  @RegisterExtension static final TestDatabase db = new TestDatabase();
  static DefaultAgiServer agi;
  static int port;
  @TempDir static Path astspool;
  @TempDir static Path data;

  /** The on-call flow reduced to its end: VoiceMail, then the server dies before registering. */
  static final AgiScript DIES_AFTER_VOICEMAIL = (request, channel) -> {
    channel.exec("VoiceMail", "100@astreinte,s");
    throw new IllegalStateException("server died");
  };

  @BeforeAll
  static void startAgi() throws Exception {
    MutableClock fixtureClock = new MutableClock(Instant.now());
    new DemoFixture(db.database(), new AccountStore(db.database(), fixtureClock),
        new TicketStore(db.database(), TestSla.TWENTY_FOUR_SEVEN, fixtureClock)).loadBundled();
    Map<String, AgiScript> scripts = new HashMap<>();
    scripts.put("dies", DIES_AFTER_VOICEMAIL);
    scripts.put("registers", (request, channel) -> channel.exec("VoiceMail", "100@astreinte,s"));
    SimpleMappingStrategy strategy = new SimpleMappingStrategy();
    strategy.setMappings(scripts);
    agi = new DefaultAgiServer(strategy);
    agi.setAddress(InetAddress.getLoopbackAddress());
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    agi.setPort(port);
    Thread t = new Thread(() -> {
      try {
        agi.startup();
      } catch (IOException e) {
        throw new IllegalStateException(e);
      }
    }, "test-agi");
    t.setDaemon(true);
    t.start();
    for (int i = 0; ; i++) {
      try {
        new Socket(InetAddress.getLoopbackAddress(), port).close();
        break;
      } catch (IOException e) {
        if (i > 250) {
          throw e;
        }
        Thread.sleep(20);
      }
    }
  }

  @AfterAll
  static void stopAgi() {
    agi.shutdown();
  }

  static SimulatedCallResult call(AsteriskSimulator pbx, String script, String number, String name) {
    return pbx.call(CallSpec.builder("127.0.0.1", port).script(script).callerId(number, name).keys("message").build());
  }

  static int outboxRows(String key) {
    return db.database().dsl().fetchCount(OUTBOX, OUTBOX.IDEMPOTENCY_KEY.eq(key));
  }

  @Test
  void anUnregisteredMessageIsPagedOnceAsAnOrphanAndARegisteredOneNever() throws Exception {
    // Asterisk writes origtime from the real clock; the intake's clock is moved past the grace period.
    MutableClock clock = new MutableClock(Instant.now());
    VoicemailIntake intake = new VoicemailIntake(new VoicemailSpool(astspool.resolve("voicemail"), "100@astreinte"),
        new RecordingStore(data.resolve("recordings"), db.database()), db.database(), clock,
        VoicemailIntake.Settings.defaults().withDebounce(Duration.ofMillis(10)));
    ScheduledExecutorService ex = Executors.newSingleThreadScheduledExecutor();
    // MessageWaiting as the AMI link forwards it, for every message the simulated VoiceMail saves.
    AsteriskSimulator pbx = new AsteriskSimulator(SimulatorSettings.defaults()
        .withVoicemailSpool(astspool)
        .withVoicemailListener((VoicemailDeposit d) -> intake.messagesWaiting(d.mailboxId(), d.newMessages(), 0)));
    try {
      intake.start(ex);

      SimulatedCallResult died = call(pbx, "dies", "0611223344", "Jean Dupont");
      assertThat(died.voicemails()).hasSize(1);
      Path diedFile = died.voicemails().get(0).messageFile();
      assertThat(Path.of(diedFile + ".txt")).exists();

      // A second call registers normally; the lead's desk chain claims its message.
      SimulatedCallResult ok = call(pbx, "registers", "0699887766", "Marie Curie");
      String okFile = ok.voicemails().get(0).messageFile().toString();
      OnCallRequests requests = new OnCallRequests(db.database());
      OnCallDesk desk = new ClaimingDesk(new OnCallDesk() {
        @Override public RequestCheck check(String n, String c, Instant at) {
          return RequestCheck.ok();
        }

        @Override public Registration register(OnCallMessage m) {
          var r = requests.register(new OnCallMessage(
              m.ticketNumber(), m.callbackNumber(), m.callerId(), m.messageFile(), m.callId(), m.receivedAt()));
          return new Registration(r.ticketNumber(), r.addedToExisting());
        }

        @Override public EscalationAnswer escalate(String n, String c, Instant at) {
          throw new UnsupportedOperationException();
        }
      }, intake);
      desk.register(new OnCallMessage("26000006", "+33699887766", "0699887766", okFile, "sim-call-ok", clock.instant()));

      // Scans within the grace period page nothing.
      intake.scan();
      assertThat(db.database().dsl().fetchCount(OUTBOX, OUTBOX.KIND.eq("page_orphan"))).isZero();

      clock.advance(Duration.ofMinutes(3));
      intake.messagesWaiting("100@astreinte", 2, 0);
      intake.scan();
      intake.messagesWaiting("100@astreinte", 2, 0);
      ex.schedule(() -> { }, 200, TimeUnit.MILLISECONDS).get();
      intake.scan();

      String diedId = db.database().dsl().select(VOICEMAIL_MESSAGE.MSG_ID).from(VOICEMAIL_MESSAGE)
          .where(VOICEMAIL_MESSAGE.MESSAGE_FILE.eq(diedFile.toString())).fetchOne(VOICEMAIL_MESSAGE.MSG_ID);
      assertThat(outboxRows("orphan-msg:" + diedId)).isEqualTo(1);
      assertThat(db.database().dsl().fetchCount(OUTBOX, OUTBOX.KIND.eq("page_orphan"))).isEqualTo(1);
      var orphan = db.database().dsl().selectFrom(OUTBOX).where(OUTBOX.IDEMPOTENCY_KEY.eq("orphan-msg:" + diedId)).fetchOne();
      assertThat(orphan.getPayload().data()).contains("0611223344").contains("Jean Dupont")
          .as("a reference the technician answers with").containsPattern("\"ref\": \"9\\d{6}\"");
      // The simulator's audio is in the product's store, byte for byte.
      Path stored = data.resolve("recordings").resolve(diedId + ".wav");
      assertThat(stored).hasSameBinaryContentAs(Path.of(diedFile + ".wav"));

      var claimed = db.database().dsl().selectFrom(VOICEMAIL_MESSAGE)
          .where(VOICEMAIL_MESSAGE.CALL_ID.eq("sim-call-ok")).fetchOne();
      assertThat(claimed.getTicketNumber()).isEqualTo("26000006");
      assertThat(claimed.getOncallRequestId()).isNotNull();
      assertThat(outboxRows("orphan-msg:" + claimed.getMsgId())).isZero();
      assertThat(Files.exists(data.resolve("recordings").resolve(claimed.getMsgId() + ".wav"))).isTrue();
    } finally {
      ex.shutdownNow();
    }
  }
}

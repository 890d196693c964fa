package com.serveurcom.astreinte.voicemail;

import static com.serveurcom.astreinte.database.generated.Tables.AUDIT_LOG;
import static com.serveurcom.astreinte.database.generated.Tables.OUTBOX;
import static com.serveurcom.astreinte.database.generated.Tables.TICKET_EVENT;
import static com.serveurcom.astreinte.database.generated.Tables.VOICEMAIL_MESSAGE;
import static org.assertj.core.api.Assertions.assertThat;

import com.serveurcom.astreinte.account.AccountStore;
import com.serveurcom.astreinte.database.generated.tables.records.VoicemailMessageRecord;
import com.serveurcom.astreinte.demo.DemoFixture;
import com.serveurcom.astreinte.oncall.OnCallMessage;
import com.serveurcom.astreinte.oncall.OnCallRegistration;
import com.serveurcom.astreinte.oncall.OnCallRequests;
import com.serveurcom.astreinte.testing.MutableClock;
import com.serveurcom.astreinte.testing.TestDatabase;
import com.serveurcom.astreinte.testing.TestSla;
import com.serveurcom.astreinte.ticket.TicketStore;
import com.serveurcom.astreinte.voicemail.VoicemailIntake.ClaimOutcome;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

class VoicemailIntakeTest {
  @RegisterExtension static final TestDatabase db = new TestDatabase();
  static final Instant T = Instant.parse("2026-11-28T02:00:00Z");
  static OnCallRequests requests;

  @TempDir Path spoolRoot;
  @TempDir Path data;
  MutableClock clock;
  SpoolFiles box;
  RecordingStore store;
  VoicemailIntake intake;

  @BeforeAll
  static void fixture() {
    MutableClock clock = new MutableClock(T);
    new DemoFixture(db.database(), new AccountStore(db.database(), clock),
        new TicketStore(db.database(), TestSla.TWENTY_FOUR_SEVEN, clock)).loadBundled();
    requests = new OnCallRequests(db.database());
  }

  @BeforeEach
  void setUp() {
    clock = new MutableClock(T);
    box = new SpoolFiles(spoolRoot, "astreinte", "100");
    store = new RecordingStore(data.resolve("recordings"), db.database());
    intake = new VoicemailIntake(new VoicemailSpool(spoolRoot, "100@astreinte"), store, db.database(), clock,
        VoicemailIntake.Settings.defaults().withDebounce(Duration.ofMillis(20)));
  }

  /** What the call flow does: VoiceMail left the file, then the request is registered with it. */
  OnCallRegistration registered(String ticket, String callId, Path messageFile) {
    return requests.register(new OnCallMessage(ticket, "+33612345678", "0612345678", messageFile.toString(), callId, T));
  }

  static VoicemailMessageRecord row(String msgId) {
    return db.database().dsl().selectFrom(VOICEMAIL_MESSAGE).where(VOICEMAIL_MESSAGE.MSG_ID.eq(msgId)).fetchOne();
  }

  static int orphanPages(String msgId) {
    return db.database().dsl().fetchCount(OUTBOX, OUTBOX.IDEMPOTENCY_KEY.eq("orphan-msg:" + msgId));
  }

  @Test
  void aClaimCopiesTheAudioAndLinksTheMsgIdToItsRequest() {
    Path file = box.add("c1-00000000", T, 4, "\"Test Caller\" <0612345678>", SpoolFiles.audio("claim-1"));
    OnCallRegistration reg = registered("26000003", "call-c1", file);

    VoicemailIntake.Claim claim = intake.claim(file.toString(), "call-c1");

    assertThat(claim.outcome()).isEqualTo(ClaimOutcome.CLAIMED);
    assertThat(claim.msgId()).contains("c1-00000000");
    assertThat(store.find("c1-00000000")).hasValueSatisfying(p -> assertThat(p).hasBinaryContent(SpoolFiles.audio("claim-1")));
    VoicemailMessageRecord row = row("c1-00000000");
    assertThat(row.getOncallRequestId()).isEqualTo(reg.requestId());
    assertThat(row.getTicketNumber()).isEqualTo("26000003");
    assertThat(row.getCallId()).isEqualTo("call-c1");
    assertThat(row.getCaller()).isEqualTo("0612345678");
    assertThat(row.getCallerName()).isEqualTo("Test Caller");
    assertThat(row.getDurationSeconds()).isEqualTo(4);
    assertThat(row.getRecordedAt().toInstant()).isEqualTo(T);
    assertThat(row.getStoredPath()).isEqualTo(store.find("c1-00000000").orElseThrow().toString());
    assertThat(row.getPaged()).isTrue();

    // Replayed (journal): nothing changes.
    assertThat(intake.claim(file.toString(), "call-c1").outcome()).isEqualTo(ClaimOutcome.ALREADY_CLAIMED);
  }

  @Test
  void aMessageClaimedByARequestIsNeverPagedAsAnOrphan() {
    Path file = box.add("c2-00000000", T, 4, "<0612345678>", SpoolFiles.audio("claim-2"));
    registered("26000004", "call-c2", file);
    intake.claim(file.toString(), "call-c2");

    clock.advance(Duration.ofMinutes(10));
    intake.scan();
    intake.scan();

    assertThat(orphanPages("c2-00000000")).isZero();
  }

  @Test
  void anOrphanGetsExactlyOnePageWhateverTheNumberOfScansAndTriggers() throws Exception {
    box.add("o1-00000000", T, 6, "\"Jean Dupont\" <+33611223344>", SpoolFiles.audio("orphan"));

    // Within its grace period its call may still claim it: not yet paged.
    clock.set(T.plusSeconds(6 + 60));
    VoicemailIntake.ScanReport early = intake.scan();
    assertThat(early.waiting()).isEqualTo(1);
    assertThat(early.nextDue()).contains(T.plusSeconds(6 + 120));
    assertThat(early.summary()).isEqualTo("1 message(s) vu(s), 0 rattaché(s), 0 envoyé(s) comme orphelin(s), 1 en attente"
        + " (prochain examen vers " + com.serveurcom.astreinte.database.Timestamps.paris(T.plusSeconds(6 + 120)) + ")");
    assertThat(orphanPages("o1-00000000")).isZero();

    clock.set(T.plusSeconds(6 + 121));
    assertThat(intake.scan().orphans()).isEqualTo(1);
    assertThat(intake.scan().orphans()).isZero();
    ScheduledExecutorService ex = Executors.newSingleThreadScheduledExecutor();
    try {
      intake.start(ex);
      intake.messagesWaiting("100@astreinte", 1, 0);
      intake.messagesWaiting("100@ASTREINTE", 1, 0);
      ex.schedule(() -> { }, 300, TimeUnit.MILLISECONDS).get();
    } finally {
      ex.shutdownNow();
    }

    assertThat(orphanPages("o1-00000000")).isEqualTo(1);
    var page = db.database().dsl().selectFrom(OUTBOX).where(OUTBOX.IDEMPOTENCY_KEY.eq("orphan-msg:o1-00000000")).fetchOne();
    assertThat(page.getKind()).isEqualTo("page_orphan");
    // jsonb prints "key": value; the assertions below are on the compact form.
    assertThat(page.getPayload().data().replace("\": ", "\":"))
        .contains("\"msg_id\":\"o1-00000000\"")
        .contains("\"caller\":\"+33611223344\"")
        .contains("\"callerid_name\":\"Jean Dupont\"")
        .contains("\"recorded_at\":\"2026-11-28T02:00:00Z\"")
        .contains("\"duration\":6")
        .contains("\"message\":\"" + store.find("o1-00000000").orElseThrow() + "\"");
    assertThat(row("o1-00000000").getPaged()).isTrue();
    assertThat(row("o1-00000000").getOncallRequestId()).isNull();
  }

  @Test
  void aMessageWithUnreadableMetadataIsStillPagedOnceEvenWhenRenumbered() throws Exception {
    box.add("b0-00000000", T, 5, "<0612345678>", SpoolFiles.audio("before"));
    Files.writeString(box.inbox.resolve("msg0001.txt"), "[message]\norigtime=garbage\n");
    Files.write(box.inbox.resolve("msg0001.wav"), SpoolFiles.audio("unreadable"));
    Files.setLastModifiedTime(box.inbox.resolve("msg0001.txt"), FileTime.from(T));

    assertThat(intake.scan().waiting()).isEqualTo(2);
    clock.advance(Duration.ofMinutes(3));
    intake.scan();
    box.remove(0); // the unreadable message becomes msg0000
    intake.scan();

    var rows = db.database().dsl().selectFrom(OUTBOX).where(OUTBOX.IDEMPOTENCY_KEY.like("orphan-file:%")).fetch();
    assertThat(rows).hasSize(1);
    assertThat(rows.get(0).getKind()).isEqualTo("page_orphan");
    String payload = rows.get(0).getPayload().data();
    assertThat(payload).contains("clé msg_id absente").contains("recordings/broken-");
    Path stored = Path.of(payload.replaceAll(".*\"message\": \"([^\"]+)\".*", "$1"));
    assertThat(stored).hasBinaryContent(SpoolFiles.audio("unreadable"));
  }

  @Test
  void aMessageWaitingEventForAnotherBoxDoesNothing() throws Exception {
    box.add("o2-00000000", T, 6, "<0611223344>", SpoolFiles.audio("other"));
    clock.advance(Duration.ofMinutes(5));
    intake.messagesWaiting("200@astreinte", 1, 0);
    assertThat(row("o2-00000000")).isNull();
    intake.messagesWaiting("100@astreinte", 1, 0); // not started: scans at once
    assertThat(orphanPages("o2-00000000")).isEqualTo(1);
  }

  @Test
  void aRegistrationWhoseClaimNeverRanIsLinkedByTheScanNotPagedTwice() {
    Path file = box.add("r1-00000000", T.plusSeconds(30), 5, "<0612345678>", SpoolFiles.audio("registered"));
    OnCallRegistration reg = registered("26000005", "call-r1", file);
    // The server died between the registration and the claim.
    clock.advance(Duration.ofMinutes(5));

    VoicemailIntake.ScanReport r = intake.scan();

    assertThat(r.linked()).isEqualTo(1);
    assertThat(r.orphans()).isZero();
    assertThat(orphanPages("r1-00000000")).isZero();
    assertThat(row("r1-00000000").getOncallRequestId()).isEqualTo(reg.requestId());
    assertThat(store.find("r1-00000000")).isPresent();
  }

  @Test
  void aRenumberedFileIsNotTakenForAnOlderRegistration() {
    // Ticket 26000002's call registered msg0000 a day ago, and its message was claimed...
    Path old = box.add("x0-00000000", T.minus(Duration.ofDays(1)), 5, "<0612345678>", SpoolFiles.audio("old"));
    requests.register(new OnCallMessage("26000002", "+33612345678", "0612345678", old.toString(), "call-x0",
        T.minus(Duration.ofDays(1))));
    // ...then a new message arrives with no registration (server down), and the old one is deleted.
    box.add("x1-00000001", T, 5, "<0699999999>", SpoolFiles.audio("new"));
    box.remove(0);
    clock.advance(Duration.ofMinutes(5));

    intake.scan();

    // x1 now sits at msg0000, the old registration's file: it is still paged as an orphan.
    assertThat(orphanPages("x1-00000001")).isEqualTo(1);
  }

  @Test
  void aLateClaimAfterARenumberingDoesNotTakeAnotherMessage() {
    // Call l1 recorded msg0001 and was registered, but its claim only runs later (journal replay)...
    box.add("l0-00000000", T.minus(Duration.ofDays(2)), 5, "<0611111111>", SpoolFiles.audio("older"));
    Path file = box.add("l1-00000001", T, 5, "<0612345678>", SpoolFiles.audio("mine"));
    registered("26000003", "call-l1", file);
    box.add("l2-00000002", T.plus(Duration.ofDays(1)), 5, "<0622222222>", SpoolFiles.audio("later"));
    // ...after the older message was deleted: msg0001 is now the next day's message.
    box.remove(0);
    clock.set(T.plus(Duration.ofDays(1)).plusSeconds(30));

    assertThat(intake.claim(file.toString(), "call-l1").outcome()).isEqualTo(ClaimOutcome.NOT_REGISTERED);
    assertThat(row("l2-00000002").getCallId()).isNull();

    // The scan then pages both as orphans (l1 no longer sits at its registered file): one page too many, none lost.
    clock.advance(Duration.ofMinutes(5));
    intake.scan();
    assertThat(orphanPages("l2-00000002")).isEqualTo(1);
    assertThat(row("l1-00000001").getPaged()).isTrue();
  }

  @Test
  void aClaimBeforeTheRegistrationLeavesTheMessageToTheScan() {
    Path file = box.add("n1-00000000", T, 5, "<0612345678>", SpoolFiles.audio("early"));
    assertThat(intake.claim(file.toString(), "call-n1").outcome()).isEqualTo(ClaimOutcome.NOT_REGISTERED);
    assertThat(store.find("n1-00000000")).isPresent();
    assertThat(row("n1-00000000").getPaged()).isFalse();
    assertThat(intake.claim(box.base(7).toString(), "call-n1").outcome()).isEqualTo(ClaimOutcome.NOT_IN_SPOOL);
    assertThat(intake.claim("/etc/passwd", "call-n1").outcome()).isEqualTo(ClaimOutcome.NOT_IN_SPOOL);
  }

  @Test
  void recordingsArePurgedAfterNinetyDaysWithATrace() {
    Path file = box.add("p1-00000000", T, 5, "<0612345678>", SpoolFiles.audio("to purge"));
    registered("26000001", "call-p1", file);
    intake.claim(file.toString(), "call-p1");

    clock.set(T.plus(Duration.ofDays(90)).minusSeconds(1));
    // Other tests of this class share the database: only this test's message is looked at.
    assertThat(intake.purge().msgIds()).doesNotContain("p1-00000000");
    assertThat(store.find("p1-00000000")).isPresent();

    clock.set(T.plus(Duration.ofDays(90)).plusSeconds(1));
    assertThat(intake.purge().msgIds()).contains("p1-00000000");
    assertThat(store.find("p1-00000000")).isEmpty();
    VoicemailMessageRecord row = row("p1-00000000");
    assertThat(row.getPurgedAt().toInstant()).isEqualTo(clock.instant());
    assertThat(row.getStoredPath()).isNull();
    assertThat(db.database().dsl().fetchCount(TICKET_EVENT,
        TICKET_EVENT.TICKET_NUMBER.eq("26000001").and(TICKET_EVENT.KIND.eq("recording_purged")))).isEqualTo(1);
    assertThat(db.database().dsl().select(AUDIT_LOG.DETAILS).from(AUDIT_LOG).where(AUDIT_LOG.KIND.eq("recordings_purged"))
        .fetch(r -> r.value1().data())).anyMatch(d -> d.contains("p1-00000000"));

    // Purged once: a second purge finds nothing, and the message is not paged again by a scan.
    assertThat(intake.purge().msgIds()).isEmpty();
    intake.scan();
    assertThat(orphanPages("p1-00000000")).isZero();
  }
}

package com.serveurcom.astreinte.oncall;

import com.serveurcom.astreinte.outbox.OutboxMessage;
import com.serveurcom.astreinte.database.Timestamps;
import static com.serveurcom.astreinte.database.generated.Tables.CALL_RECORD;
import static com.serveurcom.astreinte.database.generated.Tables.ONCALL_MESSAGE;
import static com.serveurcom.astreinte.database.generated.Tables.ONCALL_REQUEST;
import static com.serveurcom.astreinte.database.generated.Tables.OUTBOX;
import static com.serveurcom.astreinte.database.generated.Tables.TICKET_EVENT;
import static org.assertj.core.api.Assertions.assertThat;

import com.serveurcom.astreinte.account.AccountStore;
import com.serveurcom.astreinte.demo.DemoFixture;
import com.serveurcom.astreinte.outbox.Outbox;
import com.serveurcom.astreinte.testing.MutableClock;
import com.serveurcom.astreinte.testing.TestDatabase;
import com.serveurcom.astreinte.testing.TestSla;
import com.serveurcom.astreinte.ticket.TicketStore;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class OnCallRequestsTest {
  @RegisterExtension static final TestDatabase db = new TestDatabase();
  static final Instant AT = Instant.parse("2026-11-28T02:00:00Z");
  static OnCallRequests requests;

  @BeforeAll
  static void fixture() {
    MutableClock clock = new MutableClock(AT);
    new DemoFixture(db.database(), new AccountStore(db.database(), clock),
        new TicketStore(db.database(), TestSla.TWENTY_FOUR_SEVEN, clock)).loadBundled();
    requests = new OnCallRequests(db.database());
  }

  static OnCallMessage message(String ticket, String call) {
    return new OnCallMessage(ticket, "+33612345678", "+33612345678", "/spool/astreinte/100/INBOX/msg" + call, call, AT);
  }

  @Test
  void aFirstMessageOpensARequestAndQueuesOnePage() {
    OnCallRegistration r = requests.register(message("26000006", "c1"));
    assertThat(r.addedToExisting()).isFalse();
    assertThat(r.requestId()).isPositive();
    assertThat(db.database().dsl().fetchCount(OUTBOX, OUTBOX.IDEMPOTENCY_KEY.eq("page:26000006:c1"))).isEqualTo(1);

    OnCallRegistration second = requests.register(message("26000006", "c2"));
    assertThat(second.addedToExisting()).isTrue();
    assertThat(second.requestId()).isEqualTo(r.requestId());
    assertThat(db.database().dsl().fetchCount(ONCALL_REQUEST, ONCALL_REQUEST.TICKET_NUMBER.eq("26000006"))).isEqualTo(1);
    assertThat(db.database().dsl().select(ONCALL_REQUEST.MESSAGE_REFS).from(ONCALL_REQUEST)
        .where(ONCALL_REQUEST.ID.eq(r.requestId())).fetchOne().value1()).hasSize(2);
  }

  @Test
  void theSameCallReplayedTwiceChangesNothing() {
    requests.register(message("26000001", "c9"));
    requests.register(message("26000001", "c9"));
    assertThat(db.database().dsl().fetchCount(OUTBOX, OUTBOX.IDEMPOTENCY_KEY.like("page:26000001:%"))).isEqualTo(1);
    assertThat(db.database().dsl().select(ONCALL_REQUEST.MESSAGE_REFS).from(ONCALL_REQUEST)
        .where(ONCALL_REQUEST.TICKET_NUMBER.eq("26000001")).fetchOne().value1()).hasSize(1);
  }

  @Test
  void anUnknownTicketStillQueuesAnOrphanPage() {
    OnCallRegistration r = requests.register(message("11111111", "c5"));
    assertThat(r.requestId()).isZero();
    assertThat(db.database().dsl().fetchCount(OUTBOX, OUTBOX.KIND.eq(OutboxMessage.Kind.ORPHAN_PAGE.code()))).isEqualTo(1);
  }

  @Test
  void theHistoryAndThePageSayWhatHappened() {
    OnCallRegistration first = requests.register(message("26000003", "h1"));
    requests.register(message("26000003", "h2"));
    assertThat(db.database().dsl().select(TICKET_EVENT.KIND).from(TICKET_EVENT)
        .where(TICKET_EVENT.TICKET_NUMBER.eq("26000003")).and(TICKET_EVENT.KIND.like("oncall_%"))
        .orderBy(TICKET_EVENT.ID).fetch(TICKET_EVENT.KIND)).containsExactly("oncall_request", "oncall_message");
    String details = db.database().dsl().select(TICKET_EVENT.DETAILS).from(TICKET_EVENT)
        .where(TICKET_EVENT.TICKET_NUMBER.eq("26000003")).and(TICKET_EVENT.KIND.eq("oncall_request"))
        .fetchOne().value1().data();
    assertThat(details).contains("\"oncall_request\": " + first.requestId(), "\"call\": \"h1\"",
        "\"callback\": \"+33612345678\"", "\"message\": \"/spool/astreinte/100/INBOX/msgh1\"");
    // The paging engine reads these fields: their names and types are its contract.
    String page = db.database().dsl().select(OUTBOX.PAYLOAD).from(OUTBOX)
        .where(OUTBOX.IDEMPOTENCY_KEY.eq("page:26000003:h2")).fetchOne().value1().data();
    assertThat(page).contains("\"oncall_request\": " + first.requestId(), "\"ticket\": \"26000003\"",
        "\"caller\": \"+33612345678\"", "\"call\": \"h2\"", "\"added_message\": true");
    assertThat(db.database().dsl().select(OUTBOX.NEXT_ATTEMPT_AT).from(OUTBOX)
        .where(OUTBOX.IDEMPOTENCY_KEY.eq("page:26000003:h2")).fetchOne().value1().toInstant()).isEqualTo(AT);
  }

  @Test
  void anAnonymousCallerLeavesANullCallerInThePage() {
    requests.register(new OnCallMessage("26000004", "+33612345678", null, "/spool/x/msg0001", "anon1", AT));
    String page = db.database().dsl().select(OUTBOX.PAYLOAD).from(OUTBOX)
        .where(OUTBOX.IDEMPOTENCY_KEY.eq("page:26000004:anon1")).fetchOne().value1().data();
    assertThat(page).contains("\"caller\": null");
  }

  @Test
  void simultaneousCallsAboutOneTicketOpenOneRequest() throws Exception {
    int calls = 16;
    var pool = java.util.concurrent.Executors.newFixedThreadPool(calls);
    var start = new java.util.concurrent.CountDownLatch(1);
    List<java.util.concurrent.Future<OnCallRegistration>> done = new java.util.ArrayList<>();
    for (int i = 0; i < calls; i++) {
      String call = "p" + i;
      done.add(pool.submit(() -> {
        start.await();
        return requests.register(message("26000005", call));
      }));
    }
    start.countDown();
    List<OnCallRegistration> results = new java.util.ArrayList<>();
    for (var f : done) {
      results.add(f.get(30, java.util.concurrent.TimeUnit.SECONDS));
    }
    pool.shutdown();
    assertThat(results).filteredOn(r -> !r.addedToExisting()).hasSize(1);
    assertThat(results).extracting(OnCallRegistration::requestId).containsOnly(results.get(0).requestId());
    assertThat(db.database().dsl().fetchCount(ONCALL_REQUEST, ONCALL_REQUEST.TICKET_NUMBER.eq("26000005"))).isEqualTo(1);
    assertThat(db.database().dsl().select(ONCALL_REQUEST.MESSAGE_REFS).from(ONCALL_REQUEST)
        .where(ONCALL_REQUEST.TICKET_NUMBER.eq("26000005")).fetchOne().value1()).hasSize(calls);
    assertThat(db.database().dsl().fetchCount(OUTBOX, OUTBOX.IDEMPOTENCY_KEY.like("page:26000005:%"))).isEqualTo(calls);
  }

  @Test
  void twoWorkersNeverClaimTheSameRow() throws Exception {
    requests.register(message("26000002", "w1"));
    Outbox outbox = new Outbox(db.database());
    List<Outbox.Item> a = outbox.claim(List.of("page", "page_orphan"), 100, "a", Duration.ofMinutes(1), AT.plusSeconds(1));
    List<Outbox.Item> b = outbox.claim(List.of("page", "page_orphan"), 100, "b", Duration.ofMinutes(1), AT.plusSeconds(1));
    assertThat(a).isNotEmpty();
    assertThat(b).isEmpty();
    // The lease runs out: the row is due again for another worker.
    List<Outbox.Item> c = outbox.claim(List.of("page", "page_orphan"), 100, "c", Duration.ofMinutes(1), AT.plusSeconds(120));
    assertThat(c).extracting(Outbox.Item::id).containsAll(a.stream().map(Outbox.Item::id).toList());
    c.forEach(i -> outbox.sent(i.id(), AT));
    assertThat(outbox.claim(List.of("page", "page_orphan"), 100, "d", Duration.ofMinutes(1), AT.plusSeconds(600))).isEmpty();
  }

  @Test
  void eachMessageIsLinkedToItsCallWhicheverIsWrittenFirst() {
    var dsl = db.database().dsl();
    // The usual order: the message is registered during the call, its record written after it.
    OnCallRegistration first = requests.register(new OnCallMessage("26000002", "+33612345678", null, "/spool/m1", "link1", AT));
    long record1 = callRecord("link1");
    // A registration replayed from the journal after the call's record was written.
    long record2 = callRecord("link2");
    requests.register(new OnCallMessage("26000002", "+33611223344", null, "/spool/m2", "link2", AT));

    assertThat(dsl.select(ONCALL_REQUEST.CALL_RECORD_ID, ONCALL_REQUEST.CALLBACK_NUMBER).from(ONCALL_REQUEST)
        .where(ONCALL_REQUEST.ID.eq(first.requestId())).fetchOne())
        .satisfies(r -> {
          assertThat(r.value1()).as("the request is linked to the call that opened it").isEqualTo(record1);
          assertThat(r.value2()).as("the request keeps the latest call-back number").isEqualTo("+33611223344");
        });
    assertThat(dsl.select(ONCALL_MESSAGE.CALL_ID, ONCALL_MESSAGE.CALL_RECORD_ID, ONCALL_MESSAGE.CALLBACK_NUMBER)
        .from(ONCALL_MESSAGE).where(ONCALL_MESSAGE.ONCALL_REQUEST_ID.eq(first.requestId())).orderBy(ONCALL_MESSAGE.ID)
        .fetch(r -> r.value1() + " " + r.value2() + " " + r.value3()))
        .containsExactly("link1 " + record1 + " +33612345678", "link2 " + record2 + " +33611223344");
    assertThat(dsl.select(OUTBOX.PAYLOAD).from(OUTBOX).where(OUTBOX.IDEMPOTENCY_KEY.eq("page:26000002:link2"))
        .fetchOne().value1().data()).contains("\"previous_callback\": \"+33612345678\"", "\"callback\": \"+33611223344\"");
  }

  static long callRecord(String channelId) {
    return db.database().dsl().insertInto(CALL_RECORD).set(CALL_RECORD.CHANNEL_ID, channelId)
        .set(CALL_RECORD.STARTED_AT, Timestamps.utc(AT)).set(CALL_RECORD.ROUTE, "oncall").set(CALL_RECORD.OUTCOME, "registered")
        .returning(CALL_RECORD.ID).fetchOne().getId();
  }
}

package com.serveurcom.astreinte.paging;

import static com.serveurcom.astreinte.database.generated.Tables.ONCALL_REQUEST;
import static com.serveurcom.astreinte.database.generated.Tables.ORPHAN_MESSAGE;
import static com.serveurcom.astreinte.database.generated.Tables.OUTBOX;
import static com.serveurcom.astreinte.database.generated.Tables.PAGE_ATTEMPT;
import static com.serveurcom.astreinte.database.generated.Tables.TICKET_EVENT;
import static com.serveurcom.astreinte.paging.PagingKit.ALICE;
import static com.serveurcom.astreinte.paging.PagingKit.BOB;
import static com.serveurcom.astreinte.paging.PagingKit.CAROL;
import static com.serveurcom.astreinte.paging.PagingKit.CUSTOMER;
import static org.assertj.core.api.Assertions.assertThat;

import com.serveurcom.astreinte.database.generated.tables.records.OncallRequestRecord;
import com.serveurcom.astreinte.oncall.OnCallRegistration;
import com.serveurcom.astreinte.outbox.Outbox;
import com.serveurcom.astreinte.outbox.OutboxMessage;
import com.serveurcom.astreinte.testing.TestDatabase;
import com.serveurcom.astreinte.ticket.Priority;
import com.serveurcom.astreinte.ticket.TicketStatus;
import com.serveurcom.astreinte.twilio.FakeTwilioServer.RecordedRequest;
import com.serveurcom.astreinte.twilio.PageTwiml;
import com.serveurcom.astreinte.twilio.ReceivedWebhook;
import com.serveurcom.astreinte.twilio.TwilioWebhooks;
import com.serveurcom.astreinte.twilio.WebhookRequest;
import com.serveurcom.astreinte.twilio.WebhookResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import org.jooq.impl.DSL;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class PagingEngineTest {
  @RegisterExtension
  static final TestDatabase db = new TestDatabase();

  private PagingKit kit;
  private PagingEngine engine;
  private TwilioWebhooks hooks;

  @BeforeEach
  void setUp() throws Exception {
    kit = new PagingKit(db.database());
    engine = kit.engine("w1");
    hooks = new TwilioWebhooks(Optional.of(PagingKit.TOKEN), kit.acks, new PageTwiml(() -> ShippedTexts.TEXTS));
  }

  @AfterEach
  void tearDown() {
    kit.close();
  }

  @Test
  void firstPageTextsAndCallsTheTechnicianOnDuty() {
    String n = kit.openTicket(Priority.HIGH);
    kit.register(n);

    assertThat(engine.runOnce(kit.clock.instant())).isEqualTo(1);

    assertThat(kit.sms()).hasSize(1);
    RecordedRequest sms = kit.sms().get(0);
    assertThat(sms.param("To")).isEqualTo(ALICE.mobile());
    assertThat(sms.param("Body")).contains("demande " + n).contains("priorité élevée").contains("ACME Transports")
        .contains(CUSTOMER).contains("OK " + n).contains("NON " + n);
    assertThat(sms.idempotencyToken()).isEqualTo("page:" + n + ":" + callOf(n) + "#1|sms:alice");
    RecordedRequest call = kit.calls().get(0);
    assertThat(call.param("To")).isEqualTo(ALICE.mobile());
    assertThat(call.param("Twiml")).contains("https://astreinte.example.com/recordings/" + n + "/1")
        .contains("https://astreinte.example.com" + TwilioWebhooks.GATHER_PATH + "?request=" + n);
    assertThat(call.param("StatusCallback")).isEqualTo("https://astreinte.example.com/twilio/status");
    assertThat(request(n).getStatus()).isEqualTo("paging");
    assertThat(request(n).getPagedAt()).isNotNull();
    assertThat(kit.registry.get("astreinte.pages.sent").tag("channel", "sms").counter().count()).isEqualTo(1);
  }

  @Test
  void takeChargeBySmsUpdatesTheTicketCancelsTheChainAndTellsTheCustomer() {
    String n = kit.openTicket(Priority.HIGH);
    kit.register(n);
    engine.runOnce(kit.clock.instant());
    kit.clock.advance(Duration.ofMinutes(3));

    WebhookResponse r = hooks.sms(signed("/twilio/sms", Map.of("From", ALICE.mobile(), "To", PagingKit.FROM,
        "Body", "ok " + n, "MessageSid", "SM1")));

    assertThat(r.body()).contains("Prise en charge enregistrée pour la demande " + n);
    OncallRequestRecord req = request(n);
    assertThat(req.getStatus()).isEqualTo("taken_in_charge");
    assertThat(req.getTakenChargeBy()).isEqualTo("technicien:alice (sms)");
    var ticket = kit.tickets.find(n).orElseThrow();
    assertThat(ticket.status()).isEqualTo(TicketStatus.IN_PROGRESS);
    assertThat(ticket.assignee()).isEqualTo(ALICE.name());
    assertThat(ticket.takenInChargeAt()).isEqualTo(kit.clock.instant());
    assertThat(pendingKeys(n)).isEmpty();
    assertThat(kit.registry.get("astreinte.oncall.take.charge").timer().count()).isEqualTo(1);

    // The customer's SMS goes out on the next pass; nothing else does, even when the follow-up time comes.
    kit.fake.reset();
    engine.runOnce(kit.clock.instant());
    assertThat(kit.sms()).singleElement().satisfies(s -> {
      assertThat(s.param("To")).isEqualTo(CUSTOMER);
      assertThat(s.param("Body")).matches(java.util.regex.Pattern.quote(
          "Serveurcom : votre demande " + n + " est prise en charge par le technicien d'astreinte.")
          + " \\(réf\\. [a-z2-9]{8}\\)");
    });
    kit.clock.advance(Duration.ofMinutes(40));
    engine.runOnce(kit.clock.instant());
    assertThat(kit.fake.requests()).hasSize(1);

    // A second answer is told it is already handled.
    assertThat(hooks.sms(signed("/twilio/sms", Map.of("From", BOB.mobile(), "Body", "OK " + n))).body())
        .contains("déjà prise en charge");
  }

  @Test
  void takeChargeByKeypressConnectsTheTechnicianToTheCustomer() {
    String n = kit.openTicket(Priority.MEDIUM);
    kit.register(n);
    engine.runOnce(kit.clock.instant());

    String url = PagingKit.PUBLIC + TwilioWebhooks.GATHER_PATH + "?request=" + n;
    Map<String, String> form = Map.of("Digits", "1", "To", ALICE.mobile(), "From", PagingKit.FROM,
        "CallSid", "CA1", "Direction", "outbound-api");
    WebhookResponse r = hooks.gather(ReceivedWebhook.of(url, form, sign(url, form)));

    assertThat(r.status()).isEqualTo(200);
    assertThat(r.body()).contains("<Dial").contains(CUSTOMER);
    assertThat(request(n).getStatus()).isEqualTo("taken_in_charge");
    assertThat(request(n).getTakenChargeBy()).isEqualTo("technicien:alice (voice)");
  }

  @Test
  void onlyATechnicianOfTheRotaMayAcknowledgeByPhone() {
    String n = kit.openTicket(Priority.HIGH);
    kit.register(n);
    assertThat(kit.acks.takeCharge(n, "+33688888888", Channel.SMS).outcome()).isEqualTo(Ack.Outcome.NOT_ALLOWED);
    assertThat(kit.acks.takeCharge("99999999", ALICE.mobile(), Channel.SMS).outcome())
        .isEqualTo(Ack.Outcome.UNKNOWN_REQUEST);
    assertThat(request(n).getStatus()).isEqualTo("pending");
  }

  @Test
  void takeChargeThroughTheApiLevelCallAndTheFirstOneWins() throws Exception {
    String n = kit.openTicket(Priority.HIGH);
    kit.register(n);
    ExecutorService pool = Executors.newFixedThreadPool(4);
    List<Future<Ack>> results = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      String actor = "api:operator" + i;
      results.add(pool.submit(() -> kit.acks.takeChargeAs(n, actor, "Opérateur")));
    }
    int accepted = 0;
    for (Future<Ack> f : results) {
      Ack a = f.get();
      accepted += a.outcome() == Ack.Outcome.ACCEPTED ? 1 : 0;
      assertThat(a.outcome()).isIn(Ack.Outcome.ACCEPTED, Ack.Outcome.ALREADY_HANDLED);
    }
    pool.shutdown();
    assertThat(accepted).isEqualTo(1);
    assertThat(kit.database.dsl().fetchCount(TICKET_EVENT, TICKET_EVENT.TICKET_NUMBER.eq(n)
        .and(TICKET_EVENT.KIND.eq("take_charge")))).isEqualTo(1);
    assertThat(kit.database.dsl().fetchCount(OUTBOX, OUTBOX.KIND.eq("customer_sms")
        .and(OUTBOX.IDEMPOTENCY_KEY.eq("customer_sms:" + request(n).getId() + ":taken")))).isEqualTo(1);
  }

  @Test
  void withoutAnswerTheChainRepeatsThenAddsBackupsThenRecordsABreachAtThirtyMinutes() {
    String n = kit.openTicket(Priority.HIGH);
    kit.register(n);
    engine.runOnce(kit.clock.instant());
    // The call rings out: not an acknowledgement, the chain goes on.
    kit.acks.deliveryStatus(new DeliveryStatus(sidOf(n, "voice"), Channel.VOICE, "no-answer", null, null));
    assertThat(request(n).getStatus()).isEqualTo("paging");

    List<List<String>> smsTo = new ArrayList<>();
    for (int minute = 5; minute <= 30; minute += 5) {
      kit.fake.reset();
      kit.clock.set(PagingKit.T0.plus(Duration.ofMinutes(minute)));
      engine.runOnce(kit.clock.instant());
      // The parts of a row go out side by side: their order at Twilio is not fixed.
      smsTo.add(kit.sms().stream().map(r -> r.param("To")).sorted().toList());
    }
    assertThat(smsTo).containsExactly(
        List.of(ALICE.mobile()),
        List.of(ALICE.mobile()),
        List.of(ALICE.mobile(), BOB.mobile()),
        List.of(ALICE.mobile(), CAROL.mobile()),
        List.of(ALICE.mobile(), CAROL.mobile()),
        List.of());
    OncallRequestRecord req = request(n);
    assertThat(req.getBreachedAt().toInstant()).isEqualTo(PagingKit.T0.plus(Duration.ofMinutes(30)));
    assertThat(req.getStatus()).isEqualTo("paging");
    assertThat(kit.database.dsl().fetchCount(TICKET_EVENT, TICKET_EVENT.TICKET_NUMBER.eq(n)
        .and(TICKET_EVENT.KIND.eq("oncall_breach")))).isEqualTo(1);
    assertThat(kit.registry.get("astreinte.oncall.breaches").counter().count()).isGreaterThanOrEqualTo(1);
    assertThat(pendingKeys(n)).isEmpty();
    // A late take-charge is still recorded.
    assertThat(kit.acks.takeCharge(n, ALICE.mobile(), Channel.SMS).outcome()).isEqualTo(Ack.Outcome.ACCEPTED);
  }

  @Test
  void declineSendsTheRequestToBusinessHoursAndTellsTheCustomer() {
    String n = kit.openTicket(Priority.MEDIUM);
    kit.register(n);
    engine.runOnce(kit.clock.instant());

    WebhookResponse r = hooks.sms(signed("/twilio/sms", Map.of("From", ALICE.mobile(), "Body", "NON " + n)));

    assertThat(r.body()).contains("refusée");
    assertThat(request(n).getStatus()).isEqualTo("declined");
    assertThat(request(n).getDeclinedAt()).isNotNull();
    assertThat(kit.database.dsl().fetchCount(TICKET_EVENT, TICKET_EVENT.TICKET_NUMBER.eq(n)
        .and(TICKET_EVENT.KIND.eq("oncall_declined")))).isEqualTo(1);
    assertThat(kit.tickets.find(n).orElseThrow().takenInChargeAt()).isNull();
    kit.fake.reset();
    kit.clock.advance(Duration.ofMinutes(31));
    engine.runOnce(kit.clock.instant());
    assertThat(kit.sms()).singleElement().satisfies(s -> {
      assertThat(s.param("To")).isEqualTo(CUSTOMER);
      assertThat(s.param("Body")).contains("votre demande " + n).contains("sera traitée aux heures ouvrées");
    });
    assertThat(kit.calls()).isEmpty();
  }

  @Test
  void aTwilio500IsRetriedWithoutDoublingWhatWasAccepted() {
    String n = kit.openTicket(Priority.HIGH);
    kit.register(n);
    kit.fake.failNext("Messages", 500, 20500, "Internal Server Error", 1);

    engine.runOnce(kit.clock.instant());
    assertThat(kit.sms()).hasSize(1);
    assertThat(kit.calls()).hasSize(1);
    assertThat(kit.registry.get("astreinte.pages.failed").tag("channel", "sms").counter().count()).isEqualTo(1);

    engine.runOnce(kit.clock.instant()); // not due yet: backoff
    assertThat(kit.fake.requests()).hasSize(2);
    kit.clock.advance(Duration.ofSeconds(5));
    engine.runOnce(kit.clock.instant());

    assertThat(kit.sms()).hasSize(2);
    assertThat(kit.calls()).hasSize(1); // accepted the first time: not placed again
    assertThat(kit.sms().get(1).idempotencyToken()).endsWith("#2|sms:alice");
    assertThat(kit.sms().get(0).idempotencyToken()).endsWith("#1|sms:alice");
    assertThat(kit.database.dsl().fetchCount(PAGE_ATTEMPT, PAGE_ATTEMPT.TICKET_NUMBER.eq(n)
        .and(PAGE_ATTEMPT.STATUS.eq("accepted")))).isEqualTo(2);
  }

  @Test
  void aPermanentRefusalMarksTheRowFailedButTheChainGoesOn() {
    String n = kit.openTicket(Priority.HIGH);
    kit.register(n);
    kit.fake.failNext(400, 21211, "Invalid 'To' Phone Number", 2);
    engine.runOnce(kit.clock.instant());
    assertThat(kit.database.dsl().select(OUTBOX.STATUS).from(OUTBOX)
        .where(OUTBOX.IDEMPOTENCY_KEY.eq("page:" + n + ":" + callOf(n))).fetchOne(OUTBOX.STATUS)).isEqualTo("failed");
    assertThat(pendingKeys(n)).anyMatch(k -> k.endsWith(":followup:1"));
  }

  @Test
  void twoEnginesOnOneDatabaseNeverSendTheSamePageTwice() throws Exception {
    List<String> numbers = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      String n = kit.openTicket(Priority.HIGH);
      numbers.add(n);
      kit.register(n);
    }
    PagingEngine a = kit.engine("instance-a");
    PagingEngine b = kit.engine("instance-b");
    ExecutorService pool = Executors.newFixedThreadPool(2);
    Callable<Integer> drainA = () -> drain(a);
    Callable<Integer> drainB = () -> drain(b);
    Future<Integer> fa = pool.submit(drainA);
    Future<Integer> fb = pool.submit(drainB);
    int rows = fa.get() + fb.get();

    // Issue 13: thirty requests for Alice at once are one SMS and one call now, the other 29 wait for her
    // (whichever instance paged them), then one grouped SMS and one covering call, each sent once.
    assertThat(rows).isEqualTo(30);
    assertThat(kit.sms()).hasSize(1);
    assertThat(kit.calls()).hasSize(1);
    assertThat(kit.database.dsl().fetchCount(DSL.table("page_wait"), DSL.field("covered_by").isNull()
        .and(DSL.field("channel").eq("sms")))).isEqualTo(29);
    kit.acks.deliveryStatus(new DeliveryStatus(kit.database.dsl().select(PAGE_ATTEMPT.PROVIDER_SID).from(PAGE_ATTEMPT)
        .where(PAGE_ATTEMPT.CHANNEL.eq("voice")).fetchOne(PAGE_ATTEMPT.PROVIDER_SID), Channel.VOICE, "no-answer", null,
        null));
    kit.clock.advance(Duration.ofMinutes(1));
    Future<Integer> ga = pool.submit(drainA);
    Future<Integer> gb = pool.submit(drainB);
    assertThat(ga.get() + gb.get()).isEqualTo(2);
    pool.shutdown();
    assertThat(kit.sms()).hasSize(2);
    assertThat(kit.calls()).hasSize(2);
    assertThat(kit.sms().get(1).param("Body")).contains("29 demandes en attente").contains(" et 19 autres.")
        .contains("OK TOUT");
    assertThat(kit.database.dsl().fetchCount(DSL.table("page_wait"), DSL.field("covered_by").isNull())).isZero();
    Set<String> tokens = new HashSet<>();
    kit.fake.requests().forEach(r -> assertThat(tokens.add(r.idempotencyToken())).isTrue());
  }

  @Test
  void aServerStoppedInTheMiddleOfPagingGoesOnWhereItWasAfterARestart() throws Exception {
    String n = kit.openTicket(Priority.HIGH);
    kit.register(n);
    kit.engine("first-life").runOnce(kit.clock.instant());
    assertThat(kit.fake.requests()).hasSize(2);

    // The first instance claims the 5-minute follow-up and dies before sending it.
    kit.clock.advance(Duration.ofMinutes(5));
    assertThat(kit.outbox.claim(PagingEngine.KINDS, 10, "first-life", Duration.ofMinutes(3), kit.clock.instant()))
        .hasSize(1);

    // A new process on the same database: the leased row is not taken from under its owner...
    PagingEngine second = kit.engine("second-life");
    assertThat(second.runOnce(kit.clock.instant())).isZero();
    // ...and comes back when the lease ends.
    kit.clock.advance(Duration.ofMinutes(3).plusSeconds(1));
    assertThat(second.runOnce(kit.clock.instant())).isEqualTo(1);
    assertThat(kit.sms()).hasSize(2);
    assertThat(kit.sms().get(1).param("Body")).contains("relance 1");

    // The chain goes on from there.
    kit.clock.set(PagingKit.T0.plus(Duration.ofMinutes(10)));
    second.runOnce(kit.clock.instant());
    assertThat(kit.sms()).hasSize(3);
    assertThat(kit.sms().get(2).param("Body")).contains("relance 2");
  }

  @Test
  void aCrashAfterTheProviderAcceptedIsFoundAtTheProviderAndNotSentAgain() {
    String n = kit.openTicket(Priority.HIGH);
    kit.register(n);
    // The process dies right after Twilio answered the SMS, before the answer is written down.
    Pager dying = new Pager() {
      boolean died;

      @Override
      public Receipt sendSms(String to, String body, String key) throws PagingFailure {
        throw new AssertionError("the engine sends SMS with their tag");
      }

      @Override
      public Receipt sendSms(String to, String body, String key, String tag) throws PagingFailure {
        Receipt r = kit.pager.sendSms(to, body, key, tag);
        if (!died) {
          died = true;
          throw new IllegalStateException("killed");
        }
        return r;
      }

      @Override
      public Receipt placeCall(String to, String twiml, String key) throws PagingFailure {
        return kit.pager.placeCall(to, twiml, key);
      }

      @Override
      public String provider() {
        return "twilio";
      }
    };
    kit.engine("dying", dying, PagingHealth.NONE).runOnce(kit.clock.instant());
    kit.clock.advance(Duration.ofMinutes(4));
    engine.runOnce(kit.clock.instant());

    assertThat(kit.sms()).as("found at Twilio by its tag: not sent again").hasSize(1);
    assertThat(kit.lookups()).isNotEmpty();
    assertThat(kit.calls()).hasSize(1);
    assertThat(kit.fake.messagesTaken()).hasSize(1);
    var sms = kit.database.dsl().select(PAGE_ATTEMPT.STATUS, PAGE_ATTEMPT.PROVIDER_SID).from(PAGE_ATTEMPT)
        .where(PAGE_ATTEMPT.TICKET_NUMBER.eq(n)).and(PAGE_ATTEMPT.CHANNEL.eq("sms")).fetchOne();
    String line = sms.value1() + " " + sms.value2();
    assertThat(line).isEqualTo("accepted " + kit.fake.messagesTaken().get(0).get("sid"));
  }

  @Test
  void anSmsTwilioTookButAnsweredAfterTheTimeoutIsNotSentTwiceAndTheCallDoesNotWait() {
    String n = kit.openTicket(Priority.HIGH);
    kit.register(n);
    // Twilio takes the SMS at once but answers after the client's 2 s read timeout.
    kit.fake.answerLateNext("Messages", Duration.ofSeconds(4));
    java.time.Instant before = java.time.Instant.now();
    engine.runOnce(kit.clock.instant());

    assertThat(kit.sms()).hasSize(1);
    assertThat(kit.calls()).hasSize(1);
    Duration callAfter = Duration.between(before, kit.calls().get(0).arrivedAt());
    System.out.printf("SMS answered after the 2 s timeout: call posted %d ms after the pass began%n",
        callAfter.toMillis());
    assertThat(callAfter).as("the call is placed while the SMS request hangs").isLessThan(Duration.ofSeconds(1));
    assertThat(attemptStatus(n, "sms")).as("unanswered: not known either way").isEqualTo("sending");
    assertThat(attemptStatus(n, "voice")).isEqualTo("accepted");

    kit.clock.advance(Duration.ofSeconds(5)); // the row's backoff
    engine.runOnce(kit.clock.instant());

    assertThat(kit.lookups()).as("Twilio's Messages list is read before sending again").isNotEmpty();
    assertThat(kit.lookups().get(0).path()).endsWith("/Messages.json");
    assertThat(kit.sms()).as("no second SMS posted").hasSize(1);
    assertThat(kit.fake.messagesTaken()).as("exactly one SMS at Twilio").hasSize(1);
    assertThat(kit.calls()).hasSize(1);
    assertThat(attemptStatus(n, "sms")).isEqualTo("accepted");
    assertThat(kit.database.dsl().select(OUTBOX.STATUS).from(OUTBOX)
        .where(OUTBOX.IDEMPOTENCY_KEY.eq("page:" + n + ":" + callOf(n))).fetchOne(OUTBOX.STATUS)).isEqualTo("sent");
  }

  @Test
  void anSmsLostBeforeTwilioTookItIsSentAgainOnce() {
    String n = kit.openTicket(Priority.HIGH);
    kit.register(n);
    kit.fake.breakNext("Messages"); // the connection breaks before Twilio processes anything
    engine.runOnce(kit.clock.instant());
    assertThat(kit.fake.messagesTaken()).isEmpty();
    assertThat(attemptStatus(n, "sms")).isEqualTo("sending");

    kit.clock.advance(Duration.ofSeconds(5));
    engine.runOnce(kit.clock.instant());
    kit.clock.advance(Duration.ofMinutes(1));
    engine.runOnce(kit.clock.instant()); // nothing more to do for that row

    assertThat(kit.lookups()).isNotEmpty();
    assertThat(kit.sms()).as("sent again once, after the lookup found nothing").hasSize(2);
    assertThat(kit.fake.messagesTaken()).as("exactly one SMS at Twilio").hasSize(1);
    assertThat(kit.fake.callsTaken()).hasSize(1);
    assertThat(attemptStatus(n, "sms")).isEqualTo("accepted");
  }

  @Test
  void aCallTwilioTookButAnsweredLateIsFoundAndNotPlacedAgain() {
    String n = kit.openTicket(Priority.HIGH);
    kit.register(n);
    kit.fake.answerLateNext("Calls", Duration.ofSeconds(4));
    engine.runOnce(kit.clock.instant());
    assertThat(attemptStatus(n, "voice")).isEqualTo("sending");
    kit.clock.advance(Duration.ofSeconds(5));
    engine.runOnce(kit.clock.instant());

    assertThat(kit.calls()).hasSize(1);
    assertThat(kit.fake.callsTaken()).as("exactly one call at Twilio").hasSize(1);
    assertThat(kit.sms()).hasSize(1);
    assertThat(attemptStatus(n, "voice")).isEqualTo("accepted");
  }

  private String attemptStatus(String ticket, String channel) {
    return kit.database.dsl().select(PAGE_ATTEMPT.STATUS).from(PAGE_ATTEMPT).where(PAGE_ATTEMPT.TICKET_NUMBER.eq(ticket))
        .and(PAGE_ATTEMPT.CHANNEL.eq(channel)).fetchOne(PAGE_ATTEMPT.STATUS);
  }

  @Test
  void aPartThatBreaksOffTheRowKeepsTheAnswersAlreadyIn() {
    String n = kit.openTicket(Priority.HIGH);
    kit.register(n);
    // The SMS goes out, then the call fails with something that is not a provider's answer.
    Pager breaking = new Pager() {
      @Override
      public Receipt sendSms(String to, String body, String key) throws PagingFailure {
        return kit.pager.sendSms(to, body, key);
      }

      @Override
      public Receipt placeCall(String to, String twiml, String key) {
        throw new IllegalStateException("HTTP client closed");
      }

      @Override
      public String provider() {
        return "twilio";
      }
    };
    kit.engine("breaking", breaking, PagingHealth.NONE).runOnce(kit.clock.instant());
    kit.clock.advance(Duration.ofMinutes(4));
    engine.runOnce(kit.clock.instant());

    assertThat(kit.sms()).as("the accepted SMS is not sent again").hasSize(1);
    assertThat(kit.calls()).hasSize(1);
  }

  @Test
  void aNewMessageRepagesAtOnceInsideTheSameChain() {
    String n = kit.openTicket(Priority.HIGH);
    OnCallRegistration first = kit.register(n);
    engine.runOnce(kit.clock.instant());
    callEnded(n);
    kit.clock.advance(Duration.ofMinutes(2));
    OnCallRegistration second = kit.register(n);
    assertThat(second.addedToExisting()).isTrue();
    assertThat(second.requestId()).isEqualTo(first.requestId());

    kit.fake.reset();
    engine.runOnce(kit.clock.instant());
    assertThat(kit.sms()).singleElement().satisfies(s -> assertThat(s.param("Body")).contains("nouveau message"));
    assertThat(kit.calls().get(0).param("Twiml")).contains("/recordings/" + n + "/2");
    // Same chain: one follow-up per step, the window still from the first message.
    assertThat(pendingKeys(n)).containsExactly("page:" + n + ":" + first.requestId() + ":followup:1");
    assertThat(kit.database.dsl().select(OUTBOX.NEXT_ATTEMPT_AT).from(OUTBOX)
        .where(OUTBOX.IDEMPOTENCY_KEY.eq("page:" + n + ":" + first.requestId() + ":followup:1"))
        .fetchOne(OUTBOX.NEXT_ATTEMPT_AT).toInstant()).isEqualTo(PagingKit.T0.plus(Duration.ofMinutes(5)));
  }

  @Test
  void anUndeliveredSmsBringsTheNextCallForward() {
    String n = kit.openTicket(Priority.HIGH);
    kit.register(n);
    engine.runOnce(kit.clock.instant());
    kit.clock.advance(Duration.ofSeconds(40));
    kit.fake.reset();

    kit.acks.deliveryStatus(new DeliveryStatus(sidOf(n, "sms"), Channel.SMS, "undelivered", null, "30003"));
    callEnded(n);
    engine.runOnce(kit.clock.instant());
    // Issue 13: one call a minute per person at most; the call brought forward waits for it, not 5 minutes.
    assertThat(kit.calls()).isEmpty();
    kit.clock.advance(Duration.ofSeconds(20));
    engine.runOnce(kit.clock.instant());

    assertThat(kit.calls()).singleElement().satisfies(c -> assertThat(c.param("To")).isEqualTo(ALICE.mobile()));
    assertThat(kit.database.dsl().select(PAGE_ATTEMPT.DELIVERY_STATUS).from(PAGE_ATTEMPT)
        .where(PAGE_ATTEMPT.PROVIDER_SID.eq(sidOf(n, "sms"))).fetchOne(PAGE_ATTEMPT.DELIVERY_STATUS))
        .isEqualTo("undelivered");
  }

  @Test
  void anOrphanMessageIsPagedWithAReferenceTheTechnicianAnswersWith() {
    kit.register("88880001");
    engine.runOnce(kit.clock.instant());
    String ref = kit.database.dsl().select(ORPHAN_MESSAGE.REF).from(ORPHAN_MESSAGE)
        .where(ORPHAN_MESSAGE.TICKET_NUMBER.eq("88880001")).fetchOne(ORPHAN_MESSAGE.REF);
    assertThat(ref).matches("9\\d{6}");
    assertThat(kit.sms()).singleElement().satisfies(s -> assertThat(s.param("Body"))
        .contains("référence " + ref).contains("88880001").contains(CUSTOMER).contains("Répondez OK " + ref)
        .doesNotContain("?"));
    // Said the way it is dialled in France, not « 3 3 6 ... ».
    assertThat(kit.calls()).singleElement().satisfies(c -> assertThat(c.param("Twiml"))
        .contains(String.join(" ", ref.split(""))).contains("0 6 5 5 5 5 5 5 5 5").doesNotContain("3 3 6"));

    WebhookResponse r = hooks.sms(signed("/twilio/sms", Map.of("From", ALICE.mobile(), "Body", "OK " + ref)));
    assertThat(r.body()).contains("Prise en charge enregistrée pour la demande " + ref);
    assertThat(kit.database.dsl().select(ORPHAN_MESSAGE.TAKEN_CHARGE_BY).from(ORPHAN_MESSAGE)
        .where(ORPHAN_MESSAGE.REF.eq(ref)).fetchOne(ORPHAN_MESSAGE.TAKEN_CHARGE_BY)).isEqualTo("technicien:alice (sms)");
    assertThat(hooks.sms(signed("/twilio/sms", Map.of("From", BOB.mobile(), "Body", "OK " + ref))).body())
        .contains("déjà prise en charge");
    assertThat(kit.acks.takeChargeAs(ref, "api", "api").outcome()).isEqualTo(Ack.Outcome.ALREADY_HANDLED);
  }

  @Test
  void theStoredVoicemailIsPlayedAndItsLengthTexted() {
    String n = kit.openTicket(Priority.HIGH);
    OnCallRegistration reg = kit.register(n);
    kit.database.dsl().execute("insert into voicemail_message (msg_id, mailbox, message_file, oncall_request_id, "
        + "ticket_number, recorded_at, duration_seconds, stored_path, created_at) values (?, '100@astreinte', 'msg0001', ?, ?, "
        + "?::timestamptz, 42, '/data/recordings/m" + n + ".wav', ?::timestamptz)", "m" + n, reg.requestId(), n,
        kit.clock.instant().toString(), kit.clock.instant().toString());
    engine.runOnce(kit.clock.instant());
    assertThat(kit.sms().get(0).param("Body")).contains("Message vocal de 42 s.");
    assertThat(kit.calls().get(0).param("Twiml")).contains("https://astreinte.example.com/recordings/m" + n + ".wav");
  }

  @Test
  void anOrphanFromTheVoicemailScanIsPagedWithItsRecordingLinkAndTheCallerAsLeft() {
    kit.database.transaction(tx -> Outbox.enqueue(tx, new OutboxMessage.OrphanPage(null, null, null, "0644444444", null,
        null, null, null, "1700000000-7", null, null, 12, null, null), "orphan:msg:1700000000-7", kit.clock.instant()));
    engine.runOnce(kit.clock.instant());
    String ref = kit.database.dsl().select(ORPHAN_MESSAGE.REF).from(ORPHAN_MESSAGE)
        .where(ORPHAN_MESSAGE.MSG_ID.eq("1700000000-7")).fetchOne(ORPHAN_MESSAGE.REF);
    assertThat(kit.sms()).singleElement().satisfies(s -> assertThat(s.param("Body")).contains("référence " + ref)
        .contains("Rappeler le 0644444444.").contains("12 s").contains("OK " + ref)
        .contains("https://astreinte.example.com/recordings/1700000000-7.wav"));
    assertThat(kit.calls()).singleElement().satisfies(c -> assertThat(c.param("Twiml")).contains("0 6 4 4 4 4 4 4 4 4"));
    assertThat(kit.acks.takeChargeAs(ref, "api", "api").outcome()).isEqualTo(Ack.Outcome.ACCEPTED);
  }

  @Test
  void aNewMessageWithAnotherCallbackNumberIsPagedWithTheLatestOne() {
    String n = kit.openTicket(Priority.MEDIUM);
    kit.register(n);
    engine.runOnce(kit.clock.instant());
    callEnded(n);
    kit.clock.advance(Duration.ofMinutes(2));
    kit.register(n, "+33611223344");

    kit.fake.reset();
    engine.runOnce(kit.clock.instant());
    assertThat(kit.sms()).singleElement().satisfies(s -> assertThat(s.param("Body"))
        .contains("priorité moyenne").contains("Rappeler le +33611223344 (nouveau numéro ; le précédent était le "
            + CUSTOMER + ")"));
    assertThat(kit.calls()).singleElement().satisfies(c -> assertThat(c.param("Twiml"))
        .contains("Numéro de rappel : 0 6 1 1 2 2 3 3 4 4").doesNotContain("0 6 5 5 5 5 5 5 5 5"));
    assertThat(request(n).getCallbackNumber()).isEqualTo("+33611223344");

    // The reminders of the chain give the latest number too.
    kit.fake.reset();
    kit.clock.advance(Duration.ofMinutes(5));
    engine.runOnce(kit.clock.instant());
    assertThat(kit.sms()).isNotEmpty().allSatisfy(s -> assertThat(s.param("Body")).contains("Rappeler le +33611223344.")
        .doesNotContain(CUSTOMER));
  }

  @Test
  void escalationNoticesAndDeadlineWarningsOfTheEscalationEngine() {
    String n = kit.openTicket(Priority.HIGH);
    java.time.Instant due = kit.clock.instant().minus(Duration.ofMinutes(30));
    kit.database.transaction(tx -> {
      Outbox.enqueue(tx, new OutboxMessage.EscalationNotice(n, "high", "ACME Transports", "Serveur arrêté",
          "take_charge", due, 2, due.plus(Duration.ofMinutes(30)), 1800, List.of(), true, true,
          List.of(new OutboxMessage.Contact("Directeur", "+33677777777", "d@example.com"),
              new OutboxMessage.Contact("Sans mobile", null, "s@example.com"))),
          "escalation:" + n + ":2", kit.clock.instant());
      Outbox.enqueue(tx, new OutboxMessage.DeadlineWarning(n, "high", "ACME Transports", "Serveur arrêté", "22:30", due,
          "oncall", null), "warning:" + n + ":oncall", kit.clock.instant());
      Outbox.enqueue(tx, new OutboxMessage.DeadlineWarning(n, "high", "ACME Transports", "Serveur arrêté", null, due,
          "assignee", "agent-de-jour"), "warning:" + n + ":assignee", kit.clock.instant());
    });
    assertThat(engine.runOnce(kit.clock.instant())).isEqualTo(3);
    assertThat(kit.sms()).extracting(r -> r.param("To")).containsExactlyInAnyOrder("+33677777777", ALICE.mobile());
    assertThat(kit.sms()).anySatisfy(r -> assertThat(r.param("Body")).contains("escalade niveau 2 de la demande " + n));
    assertThat(kit.sms()).anySatisfy(r -> assertThat(r.param("Body")).contains("échéance de la demande " + n)
        .contains("22:30"));
    assertThat(kit.calls()).singleElement().satisfies(c -> assertThat(c.param("To")).isEqualTo("+33677777777"));
    assertThat(kit.database.dsl().fetchCount(OUTBOX, OUTBOX.IDEMPOTENCY_KEY.startsWith("warning:" + n)
        .or(OUTBOX.IDEMPOTENCY_KEY.startsWith("escalation:" + n)).and(OUTBOX.STATUS.eq("sent")))).isEqualTo(3);
  }

  /** Twilio's final status of the first call of request {@code n}: no call to that person is under way. */
  private void callEnded(String n) {
    kit.acks.deliveryStatus(new DeliveryStatus(sidOf(n, "voice"), Channel.VOICE, "no-answer", null, null));
  }

  private int drain(PagingEngine e) {
    int total = 0;
    int n;
    do {
      n = e.runOnce(kit.clock.instant());
      total += n;
    } while (n > 0);
    return total;
  }

  private OncallRequestRecord request(String n) {
    return kit.database.dsl().selectFrom(ONCALL_REQUEST).where(ONCALL_REQUEST.TICKET_NUMBER.eq(n))
        .orderBy(ONCALL_REQUEST.ID.desc()).limit(1).fetchOne();
  }

  private String callOf(String n) {
    return kit.database.dsl().select(OUTBOX.IDEMPOTENCY_KEY).from(OUTBOX)
        .where(OUTBOX.KIND.eq("page")).and(OUTBOX.IDEMPOTENCY_KEY.startsWith("page:" + n + ":"))
        .orderBy(OUTBOX.ID).limit(1).fetchOne(OUTBOX.IDEMPOTENCY_KEY).substring(("page:" + n + ":").length());
  }

  private List<String> pendingKeys(String n) {
    return kit.database.dsl().select(OUTBOX.IDEMPOTENCY_KEY).from(OUTBOX)
        .where(OUTBOX.STATUS.eq("pending")).and(OUTBOX.IDEMPOTENCY_KEY.startsWith("page:" + n + ":"))
        .orderBy(OUTBOX.ID).fetch(OUTBOX.IDEMPOTENCY_KEY);
  }

  private String sidOf(String n, String channel) {
    return kit.database.dsl().select(PAGE_ATTEMPT.PROVIDER_SID).from(PAGE_ATTEMPT)
        .where(PAGE_ATTEMPT.TICKET_NUMBER.eq(n)).and(PAGE_ATTEMPT.CHANNEL.eq(channel))
        .orderBy(PAGE_ATTEMPT.ID).limit(1).fetchOne(PAGE_ATTEMPT.PROVIDER_SID);
  }

  private static WebhookRequest signed(String path, Map<String, String> form) {
    String url = PagingKit.PUBLIC + path;
    return ReceivedWebhook.of(url, form, sign(url, form));
  }

  /** Twilio's scheme (RequestValidator's algorithm): HMAC-SHA1 of the URL then the sorted key+value pairs. */
  static String sign(String url, Map<String, String> params) {
    StringBuilder data = new StringBuilder(url);
    new TreeMap<>(params).forEach((k, v) -> data.append(k).append(v));
    try {
      Mac mac = Mac.getInstance("HmacSHA1");
      mac.init(new SecretKeySpec(PagingKit.TOKEN.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
      return Base64.getEncoder().encodeToString(mac.doFinal(data.toString().getBytes(StandardCharsets.UTF_8)));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}

package com.serveurcom.astreinte.paging;

import static com.serveurcom.astreinte.database.generated.Tables.ONCALL_REQUEST;
import static com.serveurcom.astreinte.database.generated.Tables.PAGE_ATTEMPT;
import static com.serveurcom.astreinte.paging.PagingKit.ALICE;
import static com.serveurcom.astreinte.paging.PagingKit.CUSTOMER;
import static org.assertj.core.api.Assertions.assertThat;

import com.serveurcom.astreinte.database.Timestamps;
import com.serveurcom.astreinte.database.generated.tables.records.OncallRequestRecord;
import com.serveurcom.astreinte.rota.PageLimits;
import com.serveurcom.astreinte.testing.TestDatabase;
import com.serveurcom.astreinte.ticket.Priority;
import com.serveurcom.astreinte.twilio.FakeTwilioServer;
import com.serveurcom.astreinte.twilio.PageTwiml;
import com.serveurcom.astreinte.twilio.TwilioWebhooks;
import com.serveurcom.astreinte.twilio.ReceivedWebhook;
import com.serveurcom.astreinte.twilio.WebhookResponse;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Issue 13, a page storm stays humane: through a real PostgreSQL and the Twilio fake over TCP, requests
 * waiting for one person are covered by one call and one SMS, answered by {@code OK a b} or
 * {@code OK TOUT}, and a burst of registrations stays within the configured limits while every request
 * keeps its own 30-minute clock.
 */
class PageStormTest {
  @RegisterExtension
  static final TestDatabase db = new TestDatabase();

  private PagingKit kit;
  private PagingEngine engine;
  private TwilioWebhooks hooks;

  @BeforeEach
  void setUp() throws Exception {
    kit = new PagingKit(db.database());
    engine = kit.engine("storm");
    hooks = new TwilioWebhooks(Optional.of(PagingKit.TOKEN), kit.acks, new PageTwiml(() -> ShippedTexts.TEXTS));
  }

  @AfterEach
  void tearDown() {
    kit.close();
  }

  /** n0 paged alone; n1 and n2 come while its call is under way: they wait, then one call covers both. */
  private List<String> threeRequestsTwoWaiting() {
    String n0 = kit.openTicket(Priority.HIGH);
    kit.register(n0);
    engine.runOnce(kit.clock.instant());
    assertThat(kit.sms()).hasSize(1);
    assertThat(kit.calls()).hasSize(1);
    kit.clock.advance(Duration.ofSeconds(10));
    String n1 = kit.openTicket(Priority.HIGH);
    kit.register(n1);
    String n2 = kit.openTicket(Priority.MEDIUM);
    kit.register(n2);
    drain();
    // Held: a call to Alice is under way, and she had an SMS and a call less than a minute ago.
    assertThat(kit.sms()).hasSize(1);
    assertThat(kit.calls()).hasSize(1);
    endCalls(kit.clock.instant());
    kit.clock.advance(Duration.ofSeconds(50));
    drain();
    return List.of(n0, n1, n2);
  }

  @Test
  void twoRequestsWaitingForOnePersonAreCoveredByOneCallWithKeysForEach() {
    List<String> n = threeRequestsTwoWaiting();

    assertThat(kit.calls()).hasSize(2);
    FakeTwilioServer.RecordedRequest call = kit.calls().get(1);
    assertThat(call.param("To")).isEqualTo(ALICE.mobile());
    String twiml = call.param("Twiml");
    assertThat(twiml).contains("Il y a 2 demandes en attente.")
        .contains("Demande numéro " + PageTwiml.digits(n.get(1)))
        .contains("Appuyez sur 1 pour prendre en charge cette demande, 2 pour la refuser, 3 pour passer");
    String action = gatherAction(twiml);
    assertThat(action).contains("request=" + n.get(1)).contains("suivantes=" + n.get(2));
    assertThat(kit.database.dsl().select(PAGE_ATTEMPT.OUTBOX_KIND).from(PAGE_ATTEMPT)
        .where(PAGE_ATTEMPT.CHANNEL.eq("voice")).orderBy(PAGE_ATTEMPT.ID.desc()).limit(1)
        .fetchOne(PAGE_ATTEMPT.OUTBOX_KIND)).isEqualTo("page_person");

    // 3 = next: on to n2, presented after « demande suivante », with its own keys.
    WebhookResponse next = key(action, "3");
    String present = redirect(next.body());
    assertThat(present).contains("request=" + n.get(2)).contains("presenter=1");
    WebhookResponse page2 = key(present, null);
    assertThat(page2.body()).contains("Demande suivante.").contains("Demande numéro " + PageTwiml.digits(n.get(2)));
    // 1 on n2: taken in charge and put through to its customer; n1 left waiting for its next page.
    WebhookResponse taken = key(gatherAction(page2.body()), "1");
    assertThat(taken.body()).contains("<Dial").contains(CUSTOMER);
    assertThat(request(n.get(2)).getStatus()).isEqualTo("taken_in_charge");
    assertThat(request(n.get(1)).getStatus()).isEqualTo("paging");
  }

  @Test
  void aGroupedSmsListsTheRequestsAndOkWithSeveralNumbersOrOkToutTakesThem() {
    List<String> n = threeRequestsTwoWaiting();

    assertThat(kit.sms()).hasSize(2);
    String body = kit.sms().get(1).param("Body");
    assertThat(body).startsWith("Astreinte Serveurcom : 2 demandes en attente : " + n.get(1) + " (élevée), "
        + n.get(2) + " (moyenne).").contains("OK TOUT");

    assertThat(sms("ok " + n.get(1) + " " + n.get(2)))
        .contains("Prise en charge enregistrée pour les demandes " + n.get(1) + ", " + n.get(2) + ".");
    assertThat(request(n.get(1)).getStatus()).isEqualTo("taken_in_charge");
    assertThat(request(n.get(2)).getStatus()).isEqualTo("taken_in_charge");
    // The first acknowledgement wins, as for one request: a second OK says they are handled already.
    assertThat(sms("OK " + n.get(1) + ", " + n.get(0))).contains("Prise en charge enregistrée pour la demande " + n.get(0))
        .contains("La demande " + n.get(1) + " est déjà prise en charge ou refusée.");
    String n3 = kit.openTicket(Priority.HIGH);
    kit.register(n3);
    drain();
    assertThat(sms("Ok tout")).contains("Prise en charge enregistrée pour la demande " + n3);
    assertThat(sms("OK TOUT")).contains("Aucune demande ouverte ne vous attend.");
    // Nothing of a request taken in charge is sent to the technician any more (customers are told, though).
    int sms = kit.sms().size();
    int calls = kit.calls().size();
    runUntil(kit.clock.instant().plus(Duration.ofMinutes(31)), Duration.ofSeconds(30));
    assertThat(kit.sms().stream().skip(sms).filter(r -> !r.param("To").equals(CUSTOMER))
        .map(r -> r.param("To") + " " + r.param("Body"))).isEmpty();
    assertThat(kit.calls()).hasSize(calls);
  }

  @Test
  void fiftyRegistrationsInAMinuteStayWithinTheLimitsCoverEveryRequestAndKeepEachThirtyMinuteClock() {
    PageLimits limits = kit.rota.limits();
    Instant start = kit.clock.instant();
    List<String> numbers = new ArrayList<>();
    List<Long> ids = new ArrayList<>();
    Map<String, List<Instant>> smsTimes = new HashMap<>();
    Map<String, List<Instant>> callTimes = new HashMap<>();
    int seenSms = 0;
    int seenCalls = 0;
    Instant end = start.plus(Duration.ofMinutes(32));
    while (kit.clock.instant().isBefore(end)) {
      // One registration every 1.2 s during the first minute.
      while (numbers.size() < 50 && !start.plusMillis(1200L * numbers.size()).isAfter(kit.clock.instant())) {
        String t = kit.openTicket(numbers.size() % 2 == 0 ? Priority.HIGH : Priority.MEDIUM);
        numbers.add(t);
        ids.add(kit.register(t).requestId());
      }
      drain();
      List<FakeTwilioServer.RecordedRequest> sms = kit.sms();
      for (FakeTwilioServer.RecordedRequest r : sms.subList(seenSms, sms.size())) {
        smsTimes.computeIfAbsent(r.param("To"), k -> new ArrayList<>()).add(kit.clock.instant());
      }
      seenSms = sms.size();
      List<FakeTwilioServer.RecordedRequest> calls = kit.calls();
      for (FakeTwilioServer.RecordedRequest r : calls.subList(seenCalls, calls.size())) {
        callTimes.computeIfAbsent(r.param("To"), k -> new ArrayList<>()).add(kit.clock.instant());
      }
      seenCalls = calls.size();
      // Calls ring out unanswered 30 s after they were placed.
      endCalls(kit.clock.instant().minusSeconds(30));
      kit.clock.advance(Duration.ofSeconds(5));
    }
    assertThat(numbers).hasSize(50);

    // Per person and for the whole server, no window of any rule holds more than its count.
    smsTimes.forEach((to, times) -> assertWithin(limits.personSms(), times, "SMS to " + to));
    callTimes.forEach((to, times) -> assertWithin(limits.personVoice(), times, "calls to " + to));
    assertWithin(limits.globalSms(), smsTimes.values().stream().flatMap(List::stream).toList(), "all SMS");
    assertWithin(limits.globalVoice(), callTimes.values().stream().flatMap(List::stream).toList(), "all calls");
    List<Instant> alice = smsTimes.get(ALICE.mobile());
    // 31 minutes at 6 SMS per 15 minutes at most (against 50 × 6 = 300 without grouping).
    assertThat(alice.size()).isLessThanOrEqualTo(13);
    assertThat(callTimes.get(ALICE.mobile()).size()).isLessThanOrEqualTo(9);

    // Every request was covered on both channels by Alice's own sends, within two minutes of registering.
    for (long id : ids) {
      for (String channel : List.of("sms", "voice")) {
        Instant first = firstCoveringSend(id, channel, ALICE.mobile());
        OncallRequestRecord r = kit.database.dsl().selectFrom(ONCALL_REQUEST).where(ONCALL_REQUEST.ID.eq(id)).fetchOne();
        assertThat(first).as("request %s covered by %s", r.getTicketNumber(), channel).isNotNull();
        assertThat(Duration.between(r.getCreatedAt().toInstant(), first)).as("request %s, %s", r.getTicketNumber(), channel)
            .isLessThanOrEqualTo(Duration.ofMinutes(3));
      }
    }
    // Each request's breach at its own 30 minutes (engine passes every 5 s), whatever the grouping did.
    for (long id : ids) {
      OncallRequestRecord r = kit.database.dsl().selectFrom(ONCALL_REQUEST).where(ONCALL_REQUEST.ID.eq(id)).fetchOne();
      assertThat(r.getBreachedAt()).as("breach of %s", r.getTicketNumber()).isNotNull();
      Duration late = Duration.between(r.getCreatedAt().toInstant().plus(Duration.ofMinutes(30)), r.getBreachedAt().toInstant());
      assertThat(late).isBetween(Duration.ZERO, Duration.ofSeconds(5));
    }
  }

  /** The first send to {@code phone} on {@code channel} that covered request {@code id}: its own, or a grouped one. */
  private Instant firstCoveringSend(long id, String channel, String phone) {
    var own = kit.database.dsl().select(org.jooq.impl.DSL.min(PAGE_ATTEMPT.CREATED_AT)).from(PAGE_ATTEMPT)
        .where(PAGE_ATTEMPT.ONCALL_REQUEST_ID.eq(id)).and(PAGE_ATTEMPT.CHANNEL.eq(channel))
        .and(PAGE_ATTEMPT.RECIPIENT_PHONE.eq(phone)).and(PAGE_ATTEMPT.STATUS.eq("accepted"))
        .fetchOne(0, java.time.OffsetDateTime.class);
    var grouped = kit.database.dsl().select(org.jooq.impl.DSL.min(PAGE_ATTEMPT.CREATED_AT)).from(PAGE_ATTEMPT)
        .join(PersonPages.PAGE_WAIT).on(PersonPages.W_COVERED_BY.eq(PAGE_ATTEMPT.OUTBOX_ID))
        .where(PersonPages.W_REQUEST.eq(id)).and(PersonPages.W_CHANNEL.eq(channel)).and(PersonPages.W_PHONE.eq(phone))
        .and(PAGE_ATTEMPT.STATUS.eq("accepted"))
        .fetchOne(0, java.time.OffsetDateTime.class);
    Instant a = own == null ? null : own.toInstant();
    Instant b = grouped == null ? null : grouped.toInstant();
    return a == null ? b : b == null ? a : a.isBefore(b) ? a : b;
  }

  private static void assertWithin(List<PageLimits.Rule> rules, List<Instant> times, String what) {
    for (PageLimits.Rule rule : rules) {
      for (Instant t : times) {
        long inWindow = times.stream().filter(x -> x.isAfter(t.minus(rule.per())) && !x.isAfter(t)).count();
        assertThat(inWindow).as("%s: %s per %s", what, rule.count(), rule.per()).isLessThanOrEqualTo(rule.count());
      }
    }
  }

  private void runUntil(Instant end, Duration step) {
    while (kit.clock.instant().isBefore(end)) {
      drain();
      endCalls(kit.clock.instant());
      kit.clock.advance(step);
    }
  }

  private void drain() {
    while (engine.runOnce(kit.clock.instant()) > 0) {
      // until nothing is due
    }
  }

  /** Twilio's final status of every call placed up to {@code placedBy}: nobody answered. */
  private void endCalls(Instant placedBy) {
    for (String sid : kit.database.dsl().select(PAGE_ATTEMPT.PROVIDER_SID).from(PAGE_ATTEMPT)
        .where(PAGE_ATTEMPT.CHANNEL.eq("voice")).and(PAGE_ATTEMPT.DELIVERY_STATUS.isNull())
        .and(PAGE_ATTEMPT.PROVIDER_SID.isNotNull()).and(PAGE_ATTEMPT.CREATED_AT.le(Timestamps.utc(placedBy)))
        .fetch(PAGE_ATTEMPT.PROVIDER_SID)) {
      kit.acks.deliveryStatus(new DeliveryStatus(sid, Channel.VOICE, "no-answer", null, null));
    }
  }

  private String sms(String body) {
    String url = PagingKit.PUBLIC + TwilioWebhooks.SMS_PATH;
    Map<String, String> form = Map.of("From", ALICE.mobile(), "To", PagingKit.FROM, "Body", body);
    WebhookResponse r = hooks.sms(ReceivedWebhook.of(url, form, PagingEngineTest.sign(url, form)));
    assertThat(r.status()).isEqualTo(200);
    return r.body();
  }

  /** Posts a key (or none: a Redirect) to a gather URL, as Twilio does, signed. */
  private WebhookResponse key(String url, String digits) {
    Map<String, String> form = new HashMap<>(Map.of("To", ALICE.mobile(), "From", PagingKit.FROM, "CallSid", "CA9",
        "Direction", "outbound-api"));
    if (digits != null) {
      form.put("Digits", digits);
    }
    WebhookResponse r = hooks.gather(ReceivedWebhook.of(url, form, PagingEngineTest.sign(url, form)));
    assertThat(r.status()).isEqualTo(200);
    return r;
  }

  private static String gatherAction(String twiml) {
    Matcher m = Pattern.compile("<Gather action=\"([^\"]+)\"").matcher(twiml);
    assertThat(m.find()).as("a Gather in %s", twiml).isTrue();
    return unescape(m.group(1));
  }

  private static String redirect(String twiml) {
    Matcher m = Pattern.compile("<Redirect[^>]*>([^<]+)</Redirect>").matcher(twiml);
    assertThat(m.find()).as("a Redirect in %s", twiml).isTrue();
    return unescape(m.group(1));
  }

  private static String unescape(String xml) {
    return URI.create(xml.replace("&amp;", "&")).toString();
  }

  private OncallRequestRecord request(String n) {
    return kit.database.dsl().selectFrom(ONCALL_REQUEST).where(ONCALL_REQUEST.TICKET_NUMBER.eq(n))
        .orderBy(ONCALL_REQUEST.ID.desc()).limit(1).fetchOne();
  }
}

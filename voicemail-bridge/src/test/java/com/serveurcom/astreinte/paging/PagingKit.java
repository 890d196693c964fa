package com.serveurcom.astreinte.paging;


import static com.serveurcom.astreinte.database.generated.Tables.OUTBOX;

import com.serveurcom.astreinte.account.AccountStore;
import com.serveurcom.astreinte.account.NewAccount;
import com.serveurcom.astreinte.database.Database;
import com.serveurcom.astreinte.escalation.Contact;
import com.serveurcom.astreinte.oncall.OnCallMessage;
import com.serveurcom.astreinte.oncall.OnCallRegistration;
import com.serveurcom.astreinte.oncall.OnCallRequests;
import com.serveurcom.astreinte.outbox.Outbox;
import com.serveurcom.astreinte.rota.OnCallScope;
import com.serveurcom.astreinte.rota.PagingTimings;
import com.serveurcom.astreinte.rota.Rota;
import com.serveurcom.astreinte.rota.Rotation;
import com.serveurcom.astreinte.rota.Technician;
import com.serveurcom.astreinte.testing.MutableClock;
import com.serveurcom.astreinte.testing.TestSla;
import com.serveurcom.astreinte.ticket.NewTicket;
import com.serveurcom.astreinte.ticket.Priority;
import com.serveurcom.astreinte.ticket.Service;
import com.serveurcom.astreinte.ticket.TicketStore;
import com.serveurcom.astreinte.twilio.FakeTwilioServer;
import com.serveurcom.astreinte.twilio.PageTwiml;
import com.serveurcom.astreinte.twilio.TwilioHttp;
import com.serveurcom.astreinte.twilio.TwilioPager;
import com.serveurcom.astreinte.twilio.TwilioPagerAdapter;
import com.serveurcom.astreinte.twilio.TwilioVoiceScripts;
import com.serveurcom.astreinte.twilio.TwilioSettings;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.net.URI;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

/** Everything paging tests need, over one test database, a real Twilio fake and a hand-moved clock. */
final class PagingKit implements AutoCloseable {
  static final String SID = ("AC" + "0".repeat(31) + "1");
  static final String TOKEN = "test-auth-token-0123456789abcdef";
  static final String FROM = "+33700000000";
  static final URI PUBLIC = URI.create("https://astreinte.example.com");
  static final Technician ALICE = new Technician("alice", "Alice Martin", "+33611111111");
  static final Technician BOB = new Technician("bob", "Bob Durand", "+33622222222");
  static final Technician CAROL = new Technician("carol", "Carol Petit", "+33633333333");
  static final Contact LAST_RESORT = new Contact("Chef d'astreinte", "+33699999999", null);
  static final String CUSTOMER = "+33655555555";
  /** Saturday night, Paris: the line is closed, Alice is on duty. */
  static final Instant T0 = Instant.parse("2026-01-10T22:00:00Z");
  private static final AtomicInteger CALLS = new AtomicInteger();

  static {
    // The JDK HttpServer behind the Twilio fake leaves Nagle on: each answer then waits ~40 ms for the
    // client's delayed ACK, a property of the fake, not of paging (read once, before the first server).
    System.setProperty("sun.net.httpserver.nodelay", "true");
  }

  final Database database;
  final MutableClock clock = new MutableClock(T0);
  final Rota rota = rota();
  final Outbox outbox;
  final TicketStore tickets;
  final OnCallRequests requests;
  final FakeTwilioServer fake;
  final TwilioSettings settings;
  final TwilioHttp http;
  final Pager pager;
  final PagingLinks links = PagingLinks.of(PUBLIC, Optional.empty());
  final VoiceScripts voice = new TwilioVoiceScripts(new PageTwiml(() -> ShippedTexts.TEXTS), PUBLIC);
  final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  final PagingMetrics metrics = new PagingMetrics(registry);
  final Acknowledgements acks;
  final long accountId;

  PagingKit(Database database) throws IOException {
    this.database = database;
    // Rows left by an earlier test of the class would be claimed by this one.
    database.dsl().update(OUTBOX).set(OUTBOX.STATUS, "cancelled").where(OUTBOX.STATUS.eq("pending")).execute();
    // Issue 13: the rate limits count earlier sends to the same numbers, and waits of requests an earlier
    // test left open would hold this one's pages: each test starts with no paging history.
    forgetPagingHistory(database);
    outbox = new Outbox(database);
    tickets = new TicketStore(database, TestSla.TWENTY_FOUR_SEVEN, clock);
    requests = new OnCallRequests(database);
    fake = FakeTwilioServer.start(SID, TOKEN);
    settings = new TwilioSettings(SID, TOKEN, FROM, fake.baseUri(), PUBLIC);
    http = new TwilioHttp(fake.baseUri(), Duration.ofSeconds(2), Duration.ofSeconds(2));
    pager = new TwilioPagerAdapter(new TwilioPager(settings, http), settings);
    acks = new Acknowledgements(database, outbox, tickets, () -> rota, () -> ShippedTexts.TEXTS, links, metrics, clock, () -> { });
    accountId = new AccountStore(database, clock)
        .upsertByName(new NewAccount("ACME Transports", true, Set.of(Service.TECHNICAL), List.of())).id();
  }

  /** Past sends and waits, which the limits of issue 13 count: gone, so each test starts afresh. */
  static void forgetPagingHistory(Database database) {
    database.dsl().execute("delete from page_wait");
    database.dsl().execute("delete from page_attempt");
  }

  static Rota rota() {
    Rotation rotation = new Rotation(List.of("alice"), DayOfWeek.MONDAY, LocalTime.of(8, 30),
        LocalDate.of(2026, 1, 5), ZoneId.of("Europe/Paris"));
    return new Rota(List.of(ALICE, BOB, CAROL), rotation, List.of(), List.of("bob", "carol"), LAST_RESORT,
        PagingTimings.seed(), OnCallScope.defaults());
  }

  PagingEngine engine(String worker) {
    return engine(worker, pager, PagingHealth.NONE);
  }

  PagingEngine engine(String worker, Pager p, PagingHealth health) {
    return new PagingEngine(database, outbox, () -> rota, () -> ShippedTexts.TEXTS, p, voice, links, metrics, health,
        PagingEngine.Settings.defaults(worker));
  }

  String openTicket(Priority priority) {
    return tickets.create(new NewTicket(accountId, Service.TECHNICAL, "panne", priority, "Serveur arrêté", null,
        "Jean Client", null, CUSTOMER), "test").number();
  }

  OnCallRegistration register(String ticket) {
    return register(ticket, CUSTOMER);
  }

  /** A message whose caller left {@code callback} (keyed, or the caller ID accepted). */
  OnCallRegistration register(String ticket, String callback) {
    return requests.register(new OnCallMessage(ticket, callback, CUSTOMER,
        "/var/spool/asterisk/voicemail/astreinte/100/INBOX/msg" + CALLS.incrementAndGet(),
        "call-" + UUID.randomUUID(), clock.instant()));
  }

  /** SMS posted (sends, not lookups). */
  List<FakeTwilioServer.RecordedRequest> sms() {
    return fake.requests().stream().filter(r -> r.path().endsWith("/Messages.json") && r.method().equals("POST")).toList();
  }

  /** Calls posted (not lookups). */
  List<FakeTwilioServer.RecordedRequest> calls() {
    return fake.requests().stream().filter(r -> r.path().endsWith("/Calls.json") && r.method().equals("POST")).toList();
  }

  /** Reads of the Messages and Calls list resources (lookups after an unanswered attempt). */
  List<FakeTwilioServer.RecordedRequest> lookups() {
    return fake.requests().stream().filter(r -> r.method().equals("GET")).toList();
  }

  @Override
  public void close() {
    http.close();
    fake.close();
  }
}

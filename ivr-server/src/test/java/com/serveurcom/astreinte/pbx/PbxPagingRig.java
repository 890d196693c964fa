package com.serveurcom.astreinte.pbx;

import static com.serveurcom.astreinte.database.generated.Tables.VOICEMAIL_MESSAGE;

import com.serveurcom.astreinte.database.Timestamps;
import com.serveurcom.astreinte.account.AccountStore;
import com.serveurcom.astreinte.account.NewAccount;
import com.serveurcom.astreinte.agi.FastAgiListener;
import com.serveurcom.astreinte.ami.AmiLink;
import com.serveurcom.astreinte.database.Database;
import com.serveurcom.astreinte.escalation.Contact;
import com.serveurcom.astreinte.http.ShippedTexts;
import com.serveurcom.astreinte.oncall.OnCallMessage;
import com.serveurcom.astreinte.oncall.OnCallRequests;
import com.serveurcom.astreinte.outbox.Outbox;
import com.serveurcom.astreinte.paging.Acknowledgements;
import com.serveurcom.astreinte.paging.PagingEngine;
import com.serveurcom.astreinte.paging.PagingHealth;
import com.serveurcom.astreinte.paging.PagingLinks;
import com.serveurcom.astreinte.paging.PagingMetrics;
import com.serveurcom.astreinte.paging.VoiceRouting;
import com.serveurcom.astreinte.rota.OnCallScope;
import com.serveurcom.astreinte.rota.PagingTimings;
import com.serveurcom.astreinte.rota.Rota;
import com.serveurcom.astreinte.rota.Rotation;
import com.serveurcom.astreinte.rota.Technician;
import com.serveurcom.astreinte.rota.VoiceRoute;
import com.serveurcom.astreinte.simulator.AsteriskSimulator;
import com.serveurcom.astreinte.simulator.CallSpec;
import com.serveurcom.astreinte.simulator.FakeAmiServer;
import com.serveurcom.astreinte.simulator.SimulatedCallResult;
import com.serveurcom.astreinte.simulator.SimulatorSettings;
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
import com.serveurcom.astreinte.twilio.TwilioSettings;
import com.serveurcom.astreinte.twilio.TwilioVoiceScripts;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.InetAddress;
import java.net.URI;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * The whole voice loop through the PBX with real parts: the paging engine over a real PostgreSQL, the
 * real AMI link logged in to the fake AMI server (Originate and its events as asterisk-wire-originate.md
 * recorded them), the real FastAGI listener serving the {@code page} script, and the simulated Asterisk
 * placing the answered call on that port with the technician's keys. Twilio (the fallback, and the SMS)
 * is the Twilio fake over HTTP.
 */
final class PbxPagingRig implements AutoCloseable {
  static final Technician ALICE = new Technician("alice", "Alice Martin", "+33611111111");
  static final Technician BOB = new Technician("bob", "Bob Durand", "+33622222222");
  static final String CUSTOMER = "+33655555555";
  static final String SUPPORT = "+33272646172";
  static final String SPOOL_MESSAGE = "/var/spool/asterisk/voicemail/astreinte/100/INBOX/msg0001";
  static final String SID = "AC" + "0".repeat(31) + "9";
  static final String TOKEN = "twilio-token-pbx-rig";

  final MutableClock clock = new MutableClock(Instant.parse("2026-01-10T22:00:00Z"));
  final Database database;
  final FakeAmiServer ami;
  final FakeTwilioServer twilio;
  final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  final AmiLink link;
  final AsteriskPager pbx;
  final PagingEngine engine;
  final Acknowledgements acks;
  final FastAgiListener agi;
  final TicketStore tickets;
  final List<SimulatedCallResult> calls = new CopyOnWriteArrayList<>();
  volatile String keys = "5,1";
  /** The spool as the PBX sees it, from this server's path (one host by default). */
  volatile java.util.function.UnaryOperator<String> spoolPath = java.util.function.UnaryOperator.identity();
  volatile AsteriskSimulator simulator = new AsteriskSimulator(SimulatorSettings.defaults());
  private final TwilioHttp http;
  private final long accountId;

  PbxPagingRig(Database database, VoiceRoute route) throws Exception {
    this.database = database;
    // Issue 13: the rate limits count earlier sends to the same numbers, and waits of requests an earlier
    // test left open would hold this one's pages: each scenario starts with no paging history.
    database.dsl().execute("delete from page_wait");
    database.dsl().execute("delete from page_attempt");
    ami = new FakeAmiServer("astreinte", "secret-ami");
    twilio = FakeTwilioServer.start(SID, TOKEN);
    Rota rota = new Rota(List.of(ALICE, BOB), new Rotation(List.of("alice"), DayOfWeek.MONDAY, LocalTime.of(8, 30),
        LocalDate.of(2026, 1, 5), ZoneId.of("Europe/Paris")), List.of(), List.of("bob"),
        new Contact("Chef", "+33699999999", null), PagingTimings.seed(), OnCallScope.defaults(), route);
    Outbox outbox = new Outbox(database);
    tickets = new TicketStore(database, TestSla.TWENTY_FOUR_SEVEN, clock);
    PagingLinks links = PagingLinks.of(URI.create("https://astreinte.example.com"), Optional.empty());
    PagingMetrics metrics = new PagingMetrics(registry);
    acks = new Acknowledgements(database, outbox, tickets, () -> rota, () -> ShippedTexts.TEXTS, links, metrics, clock,
        () -> { });
    link = new AmiLink(new AmiLink.Settings(ami.host(), ami.port(), "astreinte", "secret-ami", Duration.ofSeconds(60),
        Duration.ofSeconds(20), Duration.ofSeconds(2), Duration.ofSeconds(2)), (mailbox, fresh, old) -> { }, clock);
    pbx = new AsteriskPager(() -> link, rota::voice, database, clock, Duration.ofMillis(500), registry);
    pbx.outcomesTo(acks::callOutcome);
    link.listen(pbx.events());
    TwilioSettings settings = new TwilioSettings(SID, TOKEN, "+33700000000", twilio.baseUri(),
        URI.create("https://astreinte.example.com"));
    http = new TwilioHttp(twilio.baseUri());
    engine = new PagingEngine(database, outbox, () -> rota, () -> ShippedTexts.TEXTS,
        new VoiceRouting(new TwilioPagerAdapter(new TwilioPager(settings, http), settings), Optional.of(pbx),
            rota::voice, metrics),
        new TwilioVoiceScripts(new PageTwiml(() -> ShippedTexts.TEXTS), links.publicBase()), links, metrics,
        PagingHealth.NONE, PagingEngine.Settings.defaults("pbx-rig"));
    InetAddress loopback = InetAddress.getLoopbackAddress();
    agi = new FastAgiListener(new FastAgiListener.Settings(loopback, 0, Set.of(loopback), 2, 10, 30_000),
        Map.of("page", new PageScript(pbx, database, acks, rota::voice, clock,
            new PageScript.Settings(Duration.ofSeconds(2), 2, Duration.ofSeconds(30)), p -> spoolPath.apply(p))));
    agi.start();
    // The shipped [astreinte-page] context: AGI(agi://…/page?id=${PAGE_ID}) on the originated channel.
    ami.onAnswered(answered -> calls.add(simulator.call(CallSpec.builder("127.0.0.1", agi.port())
        .script("page?id=" + answered.variables().get(AsteriskPager.PAGE_VARIABLE))
        .callerId(answered.callerIdNumber(), answered.callerIdName())
        .context(AsteriskSimulator.ORIGINATED_CONTEXT).extension("s").priority(2)
        .keys(keys).build())));
    accountId = new AccountStore(database, clock)
        .create(new NewAccount("PBX " + System.nanoTime(), true, Set.of(Service.TECHNICAL), List.of())).id();
  }

  /** Voice pages placed by Asterisk, with a Twilio fallback; SMS by Twilio. */
  static VoiceRoute asteriskFirst() {
    return new VoiceRoute(VoiceRoute.ASTERISK, Optional.of(VoiceRoute.TWILIO), new VoiceRoute.Pbx(
        "PJSIP/{numero}@trunk-operateur", VoiceRoute.NumberForm.E164, SUPPORT, "Serveurcom astreinte",
        Duration.ofSeconds(30), "astreinte-page"));
  }

  void loginAmi() throws Exception {
    link.start();
    await(link::connected, "AMI login");
  }

  /** A high-priority request with one stored message, registered now. @return its number */
  String request() {
    String n = tickets.create(new NewTicket(accountId, Service.TECHNICAL, "panne", Priority.HIGH, "Serveur arrêté",
        null, "Jean", null, CUSTOMER), "test").number();
    var reg = new OnCallRequests(database).register(new OnCallMessage(n, CUSTOMER, CUSTOMER, SPOOL_MESSAGE + ".txt",
        "call-" + n, clock.instant()));
    long requestId = database.dsl().select(com.serveurcom.astreinte.database.generated.Tables.ONCALL_REQUEST.ID)
        .from(com.serveurcom.astreinte.database.generated.Tables.ONCALL_REQUEST)
        .where(com.serveurcom.astreinte.database.generated.Tables.ONCALL_REQUEST.TICKET_NUMBER.eq(n))
        .fetchOne(com.serveurcom.astreinte.database.generated.Tables.ONCALL_REQUEST.ID);
    database.dsl().insertInto(VOICEMAIL_MESSAGE)
        .set(VOICEMAIL_MESSAGE.MSG_ID, "m" + n)
        .set(VOICEMAIL_MESSAGE.MAILBOX, "100@astreinte")
        .set(VOICEMAIL_MESSAGE.MESSAGE_FILE, SPOOL_MESSAGE + ".txt")
        .set(VOICEMAIL_MESSAGE.ONCALL_REQUEST_ID, requestId)
        .set(VOICEMAIL_MESSAGE.TICKET_NUMBER, n)
        .set(VOICEMAIL_MESSAGE.RECORDED_AT, Timestamps.utc(clock.instant()))
        .set(VOICEMAIL_MESSAGE.DURATION_SECONDS, 4)
        .set(VOICEMAIL_MESSAGE.CREATED_AT, Timestamps.utc(clock.instant()))
        .execute();
    return n;
  }

  /** The Originate actions the fake AMI server received. */
  List<Map<String, String>> originates() {
    return ami.actions().stream().filter(a -> "originate".equalsIgnoreCase(value(a, "Action"))).toList();
  }

  static String value(Map<String, String> a, String key) {
    return a.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(key)).map(Map.Entry::getValue).findFirst()
        .orElse("");
  }

  static void await(BooleanSupplier condition, String what) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting for " + what);
      }
      Thread.sleep(20);
    }
  }

  @Override
  public void close() throws Exception {
    database.transaction(tx -> new Outbox(database).cancelPending(tx, ""));
    agi.stop(Duration.ofSeconds(2));
    link.close();
    engine.close();
    http.close();
    twilio.close();
    ami.close();
  }
}

package com.serveurcom.astreinte.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.serveurcom.astreinte.account.AccountStore;
import com.serveurcom.astreinte.account.NewAccount;
import com.serveurcom.astreinte.calendar.BusinessCalendar;
import com.serveurcom.astreinte.calendar.LineOverrides;
import com.serveurcom.astreinte.config.ConfigLoader;
import com.serveurcom.astreinte.escalation.Contact;
import com.serveurcom.astreinte.http.BearerToken;
import com.serveurcom.astreinte.http.HttpResponse;
import com.serveurcom.astreinte.http.HttpServer;
import com.serveurcom.astreinte.http.JsonBodies;
import com.serveurcom.astreinte.http.Router;
import com.serveurcom.astreinte.oncall.OnCallMessage;
import com.serveurcom.astreinte.oncall.OnCallRequests;
import com.serveurcom.astreinte.outbox.Outbox;
import com.serveurcom.astreinte.paging.Acknowledgements;
import com.serveurcom.astreinte.paging.Pager;
import com.serveurcom.astreinte.paging.PagingEngine;
import com.serveurcom.astreinte.paging.PagingHealth;
import com.serveurcom.astreinte.paging.PagingLinks;
import com.serveurcom.astreinte.paging.PagingMetrics;
import com.serveurcom.astreinte.rota.OnCallScope;
import com.serveurcom.astreinte.rota.PagingTimings;
import com.serveurcom.astreinte.rota.Rota;
import com.serveurcom.astreinte.rota.Rotation;
import com.serveurcom.astreinte.rota.Technician;
import com.serveurcom.astreinte.testing.MutableClock;
import com.serveurcom.astreinte.testing.TestDatabase;
import com.serveurcom.astreinte.testing.TestSla;
import com.serveurcom.astreinte.ticket.NewTicket;
import com.serveurcom.astreinte.ticket.Priority;
import com.serveurcom.astreinte.ticket.Service;
import com.serveurcom.astreinte.ticket.TicketStatus;
import com.serveurcom.astreinte.ticket.TicketStore;
import com.serveurcom.astreinte.twilio.PageTwiml;
import com.serveurcom.astreinte.paging.SignedUrls;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The technician's page and the supervisor's board over real HTTP on a real database: the link the page
 * SMS carries, who it lets in and until when, the forms' tokens, the session cookie and the toggle.
 */
class WebPagesTest {
  @RegisterExtension
  static final TestDatabase db = new TestDatabase();

  static final Technician ALICE = new Technician("alice", "Alice Martin", "+33611111111");
  static final Technician BOB = new Technician("bob", "Bob Durand", "+33622222222");
  static final byte[] SECRET = "0123456789abcdef0123456789abcdef-test".getBytes(StandardCharsets.UTF_8);
  static final String PUBLIC = "http://127.0.0.1";

  static final MutableClock clock = new MutableClock(Instant.parse("2026-01-10T22:00:00Z"));
  static final MutableClock wall = new MutableClock(Instant.parse("2026-01-10T22:00:00Z"));
  static final List<String> sms = new CopyOnWriteArrayList<>();
  static final Duration THROTTLE_WINDOW = Duration.ofMinutes(15);
  static TicketStore tickets;
  static OnCallRequests requests;
  static PagingEngine engine;
  static LineOverrides overrides;
  static HttpServer server;
  static URI base;
  static long accountId;
  static volatile Rota pageRota;
  static Rota pbxRota;
  static final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

  @BeforeAll
  static void start() throws Exception {
    Rota rota = new Rota(List.of(ALICE, BOB), new Rotation(List.of("alice"), DayOfWeek.MONDAY, LocalTime.of(8, 30),
        LocalDate.of(2026, 1, 5), ZoneId.of("Europe/Paris")), List.of(), List.of(),
        new Contact("Chef", "+33699999999", null), PagingTimings.seed(), OnCallScope.defaults());
    pageRota = rota;
    pbxRota = new Rota(rota.technicians(), rota.rotation(), List.of(), List.of(), rota.lastResort(), rota.timings(),
        rota.scope(), new com.serveurcom.astreinte.rota.VoiceRoute(com.serveurcom.astreinte.rota.VoiceRoute.ASTERISK,
            Optional.of(com.serveurcom.astreinte.rota.VoiceRoute.TWILIO), new com.serveurcom.astreinte.rota.VoiceRoute.Pbx(
                "PJSIP/{numero}@trunk-operateur", com.serveurcom.astreinte.rota.VoiceRoute.NumberForm.E164,
                "+33272646172", "Serveurcom astreinte", Duration.ofSeconds(30), "astreinte-page")));
    Outbox outbox = new Outbox(db.database());
    tickets = new TicketStore(db.database(), TestSla.TWENTY_FOUR_SEVEN, clock);
    requests = new OnCallRequests(db.database());
    accountId = new AccountStore(db.database(), clock)
        .create(new NewAccount("ACME Web", true, Set.of(Service.TECHNICAL), List.of())).id();
    SignedUrls signer = new SignedUrls(SECRET, clock);
    PagingLinks links = PagingLinks.of(URI.create(PUBLIC), Optional.of(signer));
    PagingMetrics metrics = new PagingMetrics(new SimpleMeterRegistry());
    com.serveurcom.astreinte.paging.PagingTexts texts = new com.serveurcom.astreinte.paging.PagingTexts(
        ((com.serveurcom.astreinte.config.ConfigLoadResult.Valid) ConfigLoader.load(Path.of("..", "config")))
            .config().messages());
    engine = new PagingEngine(db.database(), outbox, () -> rota, () -> texts, new RecordingPager(),
        new com.serveurcom.astreinte.twilio.TwilioVoiceScripts(new PageTwiml(() -> texts), URI.create(PUBLIC)), links,
        metrics, PagingHealth.NONE, PagingEngine.Settings.defaults("web-test"));
    Acknowledgements acks = new Acknowledgements(db.database(), outbox, tickets, () -> rota, () -> texts, links, metrics,
        clock, () -> { });
    overrides = new LineOverrides(db.database(), clock);
    BusinessCalendar calendar = ((com.serveurcom.astreinte.config.ConfigLoadResult.Valid) ConfigLoader.load(
        Path.of("..", "config"))).config().calendar();
    WebConfig web = WebConfig.loadOrThrow(Path.of("..", "config"));
    java.util.function.Supplier<WebConfig> pages = () -> web;
    Router router = new Router();
    // The page reads the rota in force at each request: a test may switch to voice pages through the PBX.
    new TechnicianPage(db.database(), Optional.of(signer), acks, () -> pageRota, pages, Optional.empty(), clock)
        .register(router);
    new Board(new Board.Sources(db.database(), overrides, () -> calendar, () -> rota,
        r -> {
          if (!List.of("sla", "oncall", "availability").contains(r.pathParam("kind"))) {
            throw com.serveurcom.astreinte.http.ApiException.notFound("unknown report '" + r.pathParam("kind") + "'");
          }
          return HttpResponse.text(200, "text/html; charset=utf-8", "rapport " + r.pathParam("kind"));
        }),
        new BoardSessions(BoardSessions.randomKey(), Duration.ofHours(12), false, wall), Optional.of("mot-de-passe"),
        new BearerToken("jeton-api"), pages, new LoginThrottle(new LoginThrottle.Limits(3, 100, THROTTLE_WINDOW), wall),
        Set.of(), Optional.empty(), clock).register(router);
    server = new HttpServer(router, new JsonBodies(), new BearerToken("jeton-api"), 64 * 1024, 2);
    InetSocketAddress a = server.start(new InetSocketAddress("127.0.0.1", 0));
    base = URI.create("http://127.0.0.1:" + a.getPort());
  }

  @AfterAll
  static void stop() {
    server.close();
    engine.close();
  }

  /** Registers and pages a request; @return the link its SMS to Alice carries, as a path and query */
  static String pagedLink() {
    String n = tickets.create(new NewTicket(accountId, Service.TECHNICAL, "panne", Priority.HIGH, "Serveur arrêté",
        null, "Jean", null, "+33655555555"), "test").number();
    requests.register(new OnCallMessage(n, "+33655555555", "+33655555555", "/spool/m-" + n, "call-" + n,
        clock.instant()));
    sms.clear();
    // Issue 13: each test's request is paged alone, not grouped with the earlier tests' ones to Alice.
    db.database().dsl().execute("delete from page_wait; delete from page_attempt");
    engine.runOnce(clock.instant());
    String text = sms.stream().filter(s -> s.contains(n)).findFirst().orElseThrow();
    Matcher m = Pattern.compile(Pattern.quote(PUBLIC) + "(/p/\\d+/alice\\?exp=\\d+&sig=[\\w-]+)").matcher(text);
    assertThat(m.find()).as("the page SMS carries the technician's link: %s", text).isTrue();
    return m.group(1);
  }

  @Test
  void theLinkOpensTheRequestForItsTechnicianOnlyAndNothingIsKept() throws Exception {
    String link = pagedLink();
    var r = get(link, null);
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("cache-control")).contains("no-store");
    assertThat(r.headers().firstValue("x-robots-tag").orElse("")).contains("noindex");
    assertThat(r.headers().firstValue("referrer-policy")).contains("same-origin");
    assertThat(r.body()).contains("<meta name=\"robots\" content=\"noindex, nofollow\">")
        .contains("Je prends en charge").contains("Alice Martin").contains("Serveur arrêté")
        .contains("/recordings/").contains("priorité élevée");

    // Another person's link, or another request's: the signature covers both.
    assertThat(get(link.replace("/alice?", "/bob?"), null).statusCode()).isEqualTo(403);
    String other = link.replaceFirst("/p/(\\d+)/", "/p/9$1/");
    assertThat(get(other, null).statusCode()).isEqualTo(403);
    assertThat(get(link.replaceFirst("sig=[\\w-]+", "sig=AAAA"), null).statusCode()).isEqualTo(403);
  }

  @Test
  void theLinkExpiresWithTheChainPlusTheGrace() throws Exception {
    Instant start = clock.instant();
    String link = pagedLink();
    try {
      clock.set(start.plus(PagingTimings.seed().takeChargeWindow()).plus(PagingLinks.TECHNICIAN_PAGE_GRACE)
          .minusSeconds(5));
      assertThat(get(link, null).statusCode()).isEqualTo(200);
      clock.set(start.plus(PagingTimings.seed().takeChargeWindow()).plus(PagingLinks.TECHNICIAN_PAGE_GRACE));
      var expired = get(link, null);
      assertThat(expired.statusCode()).isEqualTo(410);
      assertThat(expired.body()).contains("Lien expiré");
    } finally {
      clock.set(start);
    }
  }

  @Test
  void aQueryWithAPairBeforeTheSignedOnesIsReadAsTheSignatureReadIt() throws Exception {
    String link = pagedLink();
    int q = link.indexOf('?');
    // "=exp=abc": skipped by the signature's parser; a second parser once read exp=abc here and answered 500.
    String smuggled = link.substring(0, q + 1) + "=exp=abc&" + link.substring(q + 1);
    var page = get(smuggled, null);
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.body()).contains("Demande d&#39;astreinte", "name=\"csrf\"");
  }

  @Test
  void takingChargeNeedsTheFormsTokenAndTheFirstOneWins() throws Exception {
    String link = pagedLink();
    String page = get(link, null).body();
    String csrf = field(page, "csrf");
    long requestId = Long.parseLong(link.replaceFirst("/p/(\\d+)/.*", "$1"));

    assertThat(post(link, "action=prendre", null, null).statusCode()).isEqualTo(403);
    assertThat(post(link, "action=prendre&csrf=" + csrf.substring(1), null, null).statusCode()).isEqualTo(403);
    assertThat(post(link, "action=prendre&csrf=" + csrf, null, "https://evil.example").statusCode()).isEqualTo(403);
    assertThat(status(requestId)).isEqualTo("paging");

    var taken = post(link, "action=prendre&csrf=" + csrf, null, base.toString());
    assertThat(taken.statusCode()).isEqualTo(200);
    assertThat(taken.body()).contains("Vous avez pris en charge la demande")
        .contains("Prise en charge par Alice Martin (par la page web)");
    assertThat(status(requestId)).isEqualTo("taken_in_charge");
    String ticket = db.database().dsl().fetchValue("select ticket_number from oncall_request where id = ?", requestId)
        .toString();
    assertThat(tickets.find(ticket).orElseThrow().status()).isEqualTo(TicketStatus.IN_PROGRESS);

    var again = post(link, "action=refuser&raison=trop+tard&csrf=" + csrf, null, null);
    assertThat(again.body()).contains("déjà été traitée");
    assertThat(status(requestId)).isEqualTo("taken_in_charge");
  }

  /** « Appeler le client » (issue 15), with voice pages through the operator's Asterisk. */
  @Test
  void callingTheCustomerTakesChargeAndQueuesOneCallThroughThePbx() throws Exception {
    Rota twilio = pageRota;
    String link = pagedLink();
    assertThat(get(link, null).body()).as("voice through Twilio: the PBX cannot put through")
        .doesNotContain("id=\"call-customer\"").contains("Le standard ne peut pas appeler le client pour vous");
    pageRota = pbxRota;
    try {
      String page = get(link, null).body();
      assertThat(page).contains("id=\"call-customer\"");
      String csrf = field(page, "csrf");
      long requestId = Long.parseLong(link.replaceFirst("/p/(\\d+)/.*", "$1"));
      assertThat(post(link, "action=appeler&csrf=" + csrf.substring(1), null, null).statusCode()).isEqualTo(403);
      assertThat(customerCalls(requestId)).isEmpty();

      var asked = post(link, "action=appeler&csrf=" + csrf, null, base.toString());
      assertThat(asked.statusCode()).isEqualTo(200);
      assertThat(asked.body()).contains("Le standard appelle votre mobile")
          .contains("Prise en charge par Alice Martin (par la page web)");
      assertThat(status(requestId)).isEqualTo("taken_in_charge");
      assertThat(customerCalls(requestId)).containsExactly("pending");

      var again = post(link, "action=appeler&csrf=" + csrf, null, base.toString());
      assertThat(again.body()).contains("déjà en route");
      assertThat(customerCalls(requestId)).hasSize(1);
      assertThat(get(link, null).body()).as("taken in charge by Alice: she may still call")
          .contains("id=\"call-customer\"");
    } finally {
      pageRota = twilio;
    }
  }

  private static List<String> customerCalls(long requestId) {
    return db.database().dsl().select(com.serveurcom.astreinte.database.generated.Tables.OUTBOX.STATUS)
        .from(com.serveurcom.astreinte.database.generated.Tables.OUTBOX)
        .where(com.serveurcom.astreinte.database.generated.Tables.OUTBOX.KIND.eq("customer_call"))
        .and(com.serveurcom.astreinte.database.generated.Tables.OUTBOX.IDEMPOTENCY_KEY
            .like("page:%:" + requestId + ":rappel-client:%"))
        .fetch(com.serveurcom.astreinte.database.generated.Tables.OUTBOX.STATUS);
  }

  @Test
  void aDeclineNeedsAReason() throws Exception {
    String link = pagedLink();
    String csrf = field(get(link, null).body(), "csrf");
    long requestId = Long.parseLong(link.replaceFirst("/p/(\\d+)/.*", "$1"));
    assertThat(post(link, "action=refuser&raison=&csrf=" + csrf, null, null).statusCode()).isEqualTo(400);
    assertThat(post(link, "action=refuser&raison=demande+commerciale&csrf=" + csrf, null, null).body())
        .contains("Refusée par Alice Martin");
    assertThat(status(requestId)).isEqualTo("declined");
  }

  @Test
  void theBoardNeedsALoginAndItsCookieIsHttpOnlyAndStrict() throws Exception {
    var login = get("/", null);
    assertThat(login.statusCode()).isEqualTo(200);
    assertThat(login.body()).contains("Connexion").doesNotContain("Demandes d'astreinte ouvertes");
    assertThat(post("/connexion", "secret=faux", null, null).statusCode()).isEqualTo(401);
    assertThat(post("/connexion", "secret=mot-de-passe", null, "https://evil.example").statusCode()).isEqualTo(403);
    var crossSite = http.send(HttpRequest.newBuilder(URI.create(base + "/connexion"))
        .header("Content-Type", "application/x-www-form-urlencoded").header("Sec-Fetch-Site", "cross-site")
        .header("Origin", base.toString()).POST(BodyPublishers.ofString("secret=mot-de-passe")).build(),
        java.net.http.HttpResponse.BodyHandlers.ofString());
    assertThat(crossSite.statusCode()).isEqualTo(403);

    var ok = post("/connexion", "secret=mot-de-passe", null, null);
    assertThat(ok.statusCode()).isEqualTo(303);
    String setCookie = ok.headers().firstValue("set-cookie").orElseThrow();
    assertThat(setCookie).startsWith(BoardSessions.COOKIE + "=").contains("HttpOnly").contains("SameSite=Strict")
        .contains("Path=/").doesNotContain("Secure");
    String cookie = setCookie.split(";")[0];
    var board = get("/", cookie);
    assertThat(board.body()).contains("Alice Martin").contains("Demandes d'astreinte ouvertes");
    assertThat(board.headers().firstValue("cache-control")).contains("no-store");

    // The API token logs in too.
    assertThat(post("/connexion", "secret=jeton-api", null, null).statusCode()).isEqualTo(303);
    // A forged or altered cookie is a stranger.
    assertThat(get("/", cookie + "x").body()).contains("Connexion");
  }

  @Test
  void theToggleNeedsTheSessionsTokenAndChangesTheLine() throws Exception {
    String cookie = post("/connexion", "secret=mot-de-passe", null, null).headers().firstValue("set-cookie")
        .orElseThrow().split(";")[0];
    String csrf = field(get("/", cookie).body(), "csrf");
    overrides.clear("test");

    assertThat(post("/bascule", "mode=nuit", cookie, null).statusCode()).isEqualTo(403);
    assertThat(post("/bascule", "mode=nuit&csrf=" + csrf, null, null).statusCode()).isEqualTo(401);
    // Another session's token does not do.
    String other = post("/connexion", "secret=mot-de-passe", null, null).headers().firstValue("set-cookie")
        .orElseThrow().split(";")[0];
    assertThat(post("/bascule", "mode=nuit&csrf=" + csrf, other, null).statusCode()).isEqualTo(403);
    assertThat(overrides.current()).isEmpty();

    assertThat(post("/bascule", "mode=jour&csrf=" + csrf, cookie, base.toString()).statusCode()).isEqualTo(303);
    assertThat(overrides.current().orElseThrow().open()).isTrue();
    assertThat(get("/", cookie).body()).contains("Ouverte (agents)").contains("forcée ouverte (mode jour)");
    assertThat(post("/bascule", "mode=horaires&csrf=" + csrf, cookie, null).statusCode()).isEqualTo(303);
    assertThat(overrides.current()).isEmpty();
  }

  @Test
  void failedLoginsFromOneAddressMakeItWaitWithoutComparingTheSecret() throws Exception {
    wall.set(wall.instant().plus(THROTTLE_WINDOW));
    try {
      for (int i = 0; i < 3; i++) {
        var wrong = post("/connexion", "secret=faux" + i, null, null);
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(wrong.body()).contains("Mot de passe ou jeton incorrect.");
      }
      // Even the right password waits now: the limit does not tell whether a guess was right.
      var held = post("/connexion", "secret=mot-de-passe", null, null);
      assertThat(held.statusCode()).isEqualTo(429);
      assertThat(held.body()).contains("Trop d&#39;essais de connexion depuis votre adresse : réessayez dans 15 min.");
      assertThat(held.headers().firstValue("retry-after")).contains("900");
      assertThat(held.headers().firstValue("cache-control")).contains("no-store");
      assertThat(held.headers().firstValue("set-cookie")).isEmpty();

      wall.set(wall.instant().plus(THROTTLE_WINDOW));
      assertThat(post("/connexion", "secret=mot-de-passe", null, null).statusCode()).isEqualTo(303);
    } finally {
      wall.set(wall.instant().plus(THROTTLE_WINDOW));
    }
  }

  @Test
  void everyAnswerIsKeptByNoBrowserAndIndexedByNoRobot() throws Exception {
    String link = pagedLink();
    for (var r : List.of(get("/nulle-part", null), get("/static/astreinte.js", null), get("/", null),
        get(link.replaceFirst("sig=[\\w-]+", "sig=AAAA"), null), post("/bascule", "mode=jour", null, null),
        post(link, "action=prendre", null, null))) {
      assertThat(r.headers().firstValue("cache-control")).as("%s %s", r.request().uri(), r.statusCode()).contains("no-store");
      assertThat(r.headers().firstValue("x-robots-tag")).as("%s", r.request().uri()).contains("noindex, nofollow");
    }
  }

  @Test
  void reportsAreShownToASupervisorOnly() throws Exception {
    assertThat(get("/rapports/sla?from=2026-01-01&to=2026-01-11", null).statusCode()).isEqualTo(401);
    String cookie = post("/connexion", "secret=mot-de-passe", null, null).headers().firstValue("set-cookie")
        .orElseThrow().split(";")[0];
    var r = get("/rapports/sla?from=2026-01-01&to=2026-01-11", cookie);
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).isEqualTo("rapport sla");
    var unknown = get("/rapports/inconnu?from=2026-01-01&to=2026-01-11", cookie);
    assertThat(unknown.statusCode()).isEqualTo(404);
    assertThat(unknown.body()).contains("Rapport impossible").contains("Ce rapport n&#39;existe pas ou sa période est invalide");
  }

  static String status(long requestId) {
    return db.database().dsl().fetchValue("select status from oncall_request where id = ?", requestId).toString();
  }

  static String field(String html, String name) {
    Matcher m = Pattern.compile("name=\"" + name + "\" value=\"([^\"]+)\"").matcher(html);
    assertThat(m.find()).isTrue();
    return m.group(1);
  }

  static java.net.http.HttpResponse<String> get(String pathAndQuery, String cookie) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + pathAndQuery)).GET();
    if (cookie != null) {
      b.header("Cookie", cookie);
    }
    return http.send(b.build(), java.net.http.HttpResponse.BodyHandlers.ofString());
  }

  static java.net.http.HttpResponse<String> post(String pathAndQuery, String form, String cookie, String origin)
      throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + pathAndQuery))
        .header("Content-Type", "application/x-www-form-urlencoded").POST(BodyPublishers.ofString(form));
    if (cookie != null) {
      b.header("Cookie", cookie);
    }
    if (origin != null) {
      b.header("Origin", origin);
    }
    return http.send(b.build(), java.net.http.HttpResponse.BodyHandlers.ofString());
  }

  /** Keeps the SMS texts the engine sends, so the test reads the link a technician gets. */
  static final class RecordingPager implements Pager {
    @Override
    public Receipt sendSms(String to, String body, String idempotencyKey) {
      sms.add(body);
      return new Receipt("SM" + sms.size() + "-" + System.nanoTime(), "queued");
    }

    @Override
    public Receipt placeCall(String to, String twiml, String idempotencyKey) {
      return new Receipt("CA" + System.nanoTime(), "queued");
    }

    @Override
    public String provider() {
      return "test";
    }
  }
}

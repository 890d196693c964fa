package com.serveurcom.astreinte.web;

import static com.serveurcom.astreinte.database.generated.Tables.ACCOUNT;
import static com.serveurcom.astreinte.database.generated.Tables.CALL_RECORD;
import static com.serveurcom.astreinte.database.generated.Tables.ESCALATION;
import static com.serveurcom.astreinte.database.generated.Tables.ONCALL_REQUEST;
import static com.serveurcom.astreinte.database.generated.Tables.PAGE_ATTEMPT;
import static com.serveurcom.astreinte.database.generated.Tables.TICKET;

import com.serveurcom.astreinte.calendar.BusinessCalendar;
import com.serveurcom.astreinte.calendar.CalendarStatus;
import com.serveurcom.astreinte.calendar.LineOverrides;
import com.serveurcom.astreinte.calendar.ManualOverride;
import com.serveurcom.astreinte.database.Database;
import com.serveurcom.astreinte.http.BearerToken;
import com.serveurcom.astreinte.http.HttpRequest;
import com.serveurcom.astreinte.http.HttpResponse;
import com.serveurcom.astreinte.http.Router;
import com.serveurcom.astreinte.oncall.OnCallRequests;
import com.serveurcom.astreinte.rota.DutySlot;
import com.serveurcom.astreinte.rota.OnDuty;
import com.serveurcom.astreinte.rota.Rota;
import com.serveurcom.astreinte.rota.Technician;
import com.serveurcom.astreinte.paging.Phones;
import com.serveurcom.astreinte.web.PageTexts.Text;
import java.net.InetAddress;
import java.net.URI;
import java.util.Set;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import org.jooq.impl.DSL;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The supervisor's board at {@code /}: the line's state with the day/night toggle, who is on call, open
 * on-call requests, recent escalations and calls, and the reports. Behind a login with the board password
 * ({@code ASTREINTE_BOARD_PASSWORD}) or the API token; forms carry the session's token and must come from
 * our own pages. The page polls itself every few seconds (astreinte.js).
 */
public final class Board {
  private static final Logger LOG = LoggerFactory.getLogger(Board.class);
  static final Duration ESCALATIONS_SHOWN = Duration.ofDays(7);
  static final int CALLS_SHOWN = 15;
  private static final String JS = "/static/astreinte.js";

  /** What the board reads and changes. */
  public record Sources(Database database, LineOverrides overrides, Supplier<BusinessCalendar> calendar,
      Supplier<Rota> rota, Router.Handler reports) {
    public Sources {
      Objects.requireNonNull(database, "database");
      Objects.requireNonNull(overrides, "overrides");
      Objects.requireNonNull(calendar, "calendar");
      Objects.requireNonNull(rota, "rota");
      Objects.requireNonNull(reports, "reports");
    }
  }

  private final Sources sources;
  private final BoardSessions sessions;
  private final Optional<String> password;
  private final BearerToken apiToken;
  private final Supplier<WebConfig> pages;
  private final LoginThrottle throttle;
  private final Set<InetAddress> trustedProxies;
  private final Optional<URI> publicBase;
  private final Clock clock;

  /**
   * @param password {@code ASTREINTE_BOARD_PASSWORD}; the API token is accepted too
   * @param pages    the templates and texts of config/web/, as in force
   * @param throttle failed logins per client address and in all
   * @param trustedProxies the proxies whose {@code X-Forwarded-For} names the client ({@code ASTREINTE_TRUSTED_PROXIES})
   * @param clock    the server's clock (a demo's follows its simulated calls)
   */
  public Board(Sources sources, BoardSessions sessions, Optional<String> password, BearerToken apiToken,
      Supplier<WebConfig> pages, LoginThrottle throttle, Set<InetAddress> trustedProxies, Optional<URI> publicBase,
      Clock clock) {
    this.sources = Objects.requireNonNull(sources, "sources");
    this.sessions = Objects.requireNonNull(sessions, "sessions");
    this.password = Objects.requireNonNull(password, "password");
    this.apiToken = Objects.requireNonNull(apiToken, "apiToken");
    this.pages = Objects.requireNonNull(pages, "pages");
    this.throttle = Objects.requireNonNull(throttle, "throttle");
    this.trustedProxies = Set.copyOf(trustedProxies);
    this.publicBase = Objects.requireNonNull(publicBase, "publicBase");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  public void register(Router router) {
    router.get("/", this::board);
    router.post("/connexion", this::login);
    router.post("/deconnexion", this::logout);
    router.post("/bascule", this::toggle);
    router.get("/rapports/{kind}", this::report);
    router.get(JS, r -> WebResponses.guarded(HttpResponse.bytes(200, "text/javascript; charset=utf-8", script())));
  }

  private static byte[] script() throws java.io.IOException {
    try (var in = Board.class.getResourceAsStream("/web/astreinte.js")) {
      return in.readAllBytes();
    }
  }

  private HttpResponse board(HttpRequest request) {
    Optional<String> session = sessions.session(request.header("cookie"));
    if (session.isEmpty()) {
      return loginPage(200, null);
    }
    WebConfig web = pages.get();
    return WebResponses.html(200, web.templates().render("board", model(session.get(), web)));
  }

  private HttpResponse login(HttpRequest request) {
    PageTexts texts = pages.get().texts();
    if (!Forms.sameOrigin(request, publicBase)) {
      return loginPage(403, texts.text(Text.LOGIN_OTHER_SITE));
    }
    String address = Forms.clientAddress(request, trustedProxies);
    Optional<LoginThrottle.Refusal> wait = throttle.check(address);
    if (wait.isPresent()) {
      long minutes = Math.max(1, (wait.get().retryAfter().toSeconds() + 59) / 60);
      LOG.warn("tableau de bord : connexion refusée depuis {}, trop d'échecs {}", address,
          wait.get().overall() ? "en tout" : "depuis cette adresse");
      return loginPage(429, texts.render(wait.get().overall() ? Text.LOGIN_TOO_MANY_OVERALL
          : Text.LOGIN_TOO_MANY_FROM_ADDRESS, "minutes", minutes))
          .withHeader("Retry-After", Long.toString(Math.max(1, wait.get().retryAfter().toSeconds())));
    }
    String given = Forms.fields(request).getOrDefault("secret", "");
    if (!accepts(given)) {
      throttle.failed(address);
      LOG.warn("tableau de bord : échec de connexion depuis {}", address);
      return loginPage(401, texts.text(Text.LOGIN_WRONG));
    }
    throttle.succeeded(address);
    LOG.info("tableau de bord : connexion d'un superviseur depuis {}", address);
    return WebResponses.redirect("/").withHeader("Set-Cookie", sessions.setCookie(sessions.open()));
  }

  boolean accepts(String given) {
    if (given == null || given.isEmpty()) {
      return false;
    }
    boolean byPassword = password.isPresent() && MessageDigest.isEqual(
        password.get().getBytes(StandardCharsets.UTF_8), given.getBytes(StandardCharsets.UTF_8));
    return byPassword | apiToken.accepts(Optional.of("Bearer " + given));
  }

  private HttpResponse logout(HttpRequest request) {
    Optional<HttpResponse> refused = refusedPost(request);
    if (refused.isPresent()) {
      return refused.get();
    }
    return WebResponses.redirect("/").withHeader("Set-Cookie", sessions.clearCookie());
  }

  /** The day/night toggle: force the line open (day) or closed (night, on call) until its next change, or back to the hours. */
  private HttpResponse toggle(HttpRequest request) {
    Optional<HttpResponse> refused = refusedPost(request);
    if (refused.isPresent()) {
      return refused.get();
    }
    String mode = Forms.fields(request).getOrDefault("mode", "");
    String actor = "tableau de bord";
    switch (mode) {
      case "jour" -> sources.overrides().set(true, null, actor);
      case "nuit" -> sources.overrides().set(false, null, actor);
      case "horaires" -> sources.overrides().clear(actor);
      default -> {
        return refusal(400, Text.TITLE_ACTION_UNKNOWN, pages.get().texts().text(Text.BOARD_UNKNOWN_MODE));
      }
    }
    LOG.info("tableau de bord : ligne mise en mode {}", mode);
    return WebResponses.redirect("/");
  }

  private Optional<HttpResponse> refusedPost(HttpRequest request) {
    Optional<String> session = sessions.session(request.header("cookie"));
    if (session.isEmpty()) {
      return Optional.of(loginPage(401, pages.get().texts().text(Text.LOGIN_SESSION_EXPIRED)));
    }
    if (!Forms.sameOrigin(request, publicBase)
        || !sessions.csrfValid(session.get(), Forms.fields(request).get("csrf"))) {
      return Optional.of(refusal(403, Text.TITLE_ACTION_REFUSED, pages.get().texts().text(Text.BOARD_OTHER_SITE)));
    }
    return Optional.empty();
  }

  /** A report of the API, for a logged-in supervisor, shown in the browser. */
  private HttpResponse report(HttpRequest request) throws Exception {
    if (sessions.session(request.header("cookie")).isEmpty()) {
      return loginPage(401, pages.get().texts().text(Text.LOGIN_FOR_REPORTS));
    }
    Map<String, List<String>> query = new HashMap<>(request.query());
    query.putIfAbsent("format", List.of("html"));
    HttpRequest forward = new HttpRequest(request.method(), request.uri(), request.path(), query,
        request.pathParams(), request.headers(), request.body(), request.remote());
    HttpResponse r;
    try {
      r = sources.reports().handle(forward);
    } catch (com.serveurcom.astreinte.http.ApiException e) {
      // The API's message is for programs (English); a supervisor reads the administrators' French text.
      return refusal(e.status(), Text.TITLE_REPORT_FAILED, pages.get().texts().text(Text.BOARD_REPORT_FAILED));
    }
    Map<String, String> headers = new LinkedHashMap<>(r.headers());
    headers.remove("Content-Disposition");
    return WebResponses.guarded(new HttpResponse(r.status(), r.contentType(), r.body(), headers));
  }

  private HttpResponse loginPage(int status, String error) {
    WebConfig web = pages.get();
    Map<String, Object> m = new HashMap<>();
    m.put("title", web.texts().text(Text.TITLE_LOGIN));
    m.put("error", error);
    return WebResponses.html(status, web.templates().render("login", m));
  }

  private HttpResponse refusal(int status, Text title, String text) {
    WebConfig web = pages.get();
    return WebResponses.html(status, web.templates().render("refused", Map.of("title", web.texts().text(title),
        "text", text == null ? "" : text)));
  }

  // ------------------------------------------------------------------------------------ what it shows

  Map<String, Object> model(String session, WebConfig web) {
    WebWords words = web.words();
    Instant now = clock.instant();
    Map<String, Object> m = new HashMap<>();
    m.put("title", web.texts().text(Text.TITLE_BOARD));
    m.put("csrf", sessions.csrfToken(session));
    m.put("now", words.when(now));
    m.put("nowMillis", now.toEpochMilli());
    line(m, now, words);
    duty(m, now, words);
    m.put("requests", openRequests(now, words));
    m.put("escalations", escalations(now, words));
    m.put("calls", calls(web.texts()));
    LocalDate today = LocalDate.ofInstant(now, WebWords.PARIS);
    String period = "?from=" + today.withDayOfMonth(1) + "&to=" + today.plusDays(1);
    m.put("reportMonth", today.format(java.time.format.DateTimeFormatter.ofPattern("MMMM", java.util.Locale.FRENCH)));
    m.put("reportSla", "/rapports/sla" + period);
    m.put("reportOncall", "/rapports/oncall" + period);
    m.put("reportAvailability", "/rapports/availability" + period);
    return m;
  }

  private void line(Map<String, Object> m, Instant now, WebWords words) {
    BusinessCalendar calendar = sources.calendar().get();
    Optional<ManualOverride> override = sources.overrides().current();
    CalendarStatus s = calendar.status(now, override.orElse(null));
    m.put("lineOpen", s.open());
    m.put("lineReason", words.lineReason(s.reason()));
    m.put("lineNext", s.nextChange() == null ? null : words.when(s.nextChange()));
    m.put("override", override.isPresent());
    override.ifPresent(o -> {
      Instant end = calendar.overrideEnd(o);
      m.put("overrideOpen", o.open());
      m.put("overrideSince", words.when(o.since()));
      m.put("overrideUntil", end == null ? null : words.when(end));
    });
  }

  private void duty(Map<String, Object> m, Instant now, WebWords words) {
    Rota rota = sources.rota().get();
    OnDuty duty = rota.onDutyAt(now);
    m.put("onCall", duty.primary().map(Technician::name).orElse(null));
    m.put("onCallPhone", duty.primary().map(Technician::mobile).orElse(null));
    m.put("onCallUntil", duty.until() == null ? null : words.when(duty.until()));
    m.put("unknownTechnician", duty.primary().isEmpty() ? duty.technicianId() : null);
    m.put("backups", String.join(", ", duty.backups().stream().map(Technician::name).toList()));
    m.put("nextOnCall", false);
    for (DutySlot slot : rota.timeline(now, now.plus(Duration.ofDays(14)))) {
      if (slot.start().isAfter(now) && !Objects.equals(slot.technicianId(), duty.technicianId())) {
        m.put("nextOnCall", true);
        m.put("nextName", slot.technician().map(Technician::name).orElse(null));
        m.put("nextFrom", words.when(slot.start()));
        break;
      }
    }
  }

  private List<Map<String, Object>> openRequests(Instant now, WebWords words) {
    Duration window = sources.rota().get().timings().takeChargeWindow();
    var pages = DSL.selectCount().from(PAGE_ATTEMPT).where(PAGE_ATTEMPT.ONCALL_REQUEST_ID.eq(ONCALL_REQUEST.ID))
        .asField("pages");
    var rows = sources.database().dsl().select(ONCALL_REQUEST.TICKET_NUMBER, ONCALL_REQUEST.CREATED_AT,
            ONCALL_REQUEST.STATUS, ONCALL_REQUEST.CALLBACK_NUMBER, TICKET.PRIORITY, TICKET.SUBJECT, ACCOUNT.NAME, pages)
        .from(ONCALL_REQUEST).join(TICKET).on(TICKET.NUMBER.eq(ONCALL_REQUEST.TICKET_NUMBER))
        .join(ACCOUNT).on(ACCOUNT.ID.eq(TICKET.ACCOUNT_ID))
        .where(OnCallRequests.isOpen(ONCALL_REQUEST.STATUS))
        .orderBy(ONCALL_REQUEST.CREATED_AT).limit(50).fetch();
    List<Map<String, Object>> out = new ArrayList<>();
    for (var r : rows) {
      Instant created = r.value2().toInstant();
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("number", r.value1());
      m.put("created", words.shortly(created));
      m.put("status", words.requestStatus(r.value3()));
      m.put("callback", Phones.mask(r.value4()));
      m.put("priority", words.priority(r.value5()));
      m.put("subject", r.value6());
      m.put("account", r.value7());
      m.put("pages", r.value8());
      m.put("deadline", words.shortly(created.plus(window)));
      m.put("deadlineMillis", created.plus(window).toEpochMilli());
      m.put("nowMillis", now.toEpochMilli());
      out.add(m);
    }
    return out;
  }

  private List<Map<String, Object>> escalations(Instant now, WebWords words) {
    var rows = sources.database().dsl().select(ESCALATION.AT, ESCALATION.TICKET_NUMBER, ESCALATION.PRIORITY,
            ESCALATION.DEADLINE, ESCALATION.LEVEL)
        .from(ESCALATION).where(ESCALATION.AT.ge(OffsetDateTime.ofInstant(now.minus(ESCALATIONS_SHOWN), java.time.ZoneOffset.UTC)))
        .orderBy(ESCALATION.AT.desc()).limit(30).fetch();
    List<Map<String, Object>> out = new ArrayList<>();
    for (var r : rows) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("at", words.shortly(r.value1().toInstant()));
      m.put("number", r.value2());
      m.put("priority", words.priority(r.value3()));
      m.put("deadline", words.deadline(r.value4()));
      m.put("level", r.value5());
      out.add(m);
    }
    return out;
  }

  private List<Map<String, Object>> calls(PageTexts texts) {
    WebWords words = new WebWords(texts);
    var rows = sources.database().dsl().select(CALL_RECORD.STARTED_AT, CALL_RECORD.CALLER, CALL_RECORD.REQUEST_NUMBER,
            CALL_RECORD.OUTCOME, CALL_RECORD.REFUSAL_REASON, CALL_RECORD.DURATION_MS)
        .from(CALL_RECORD).orderBy(CALL_RECORD.STARTED_AT.desc(), CALL_RECORD.ID.desc()).limit(CALLS_SHOWN).fetch();
    List<Map<String, Object>> out = new ArrayList<>();
    for (var r : rows) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("at", words.shortly(r.value1().toInstant()));
      m.put("caller", r.value2() == null ? texts.text(Text.CALLER_HIDDEN) : Phones.mask(r.value2()));
      m.put("number", r.value3());
      m.put("outcome", com.serveurcom.astreinte.report.ReportLabels.outcome(
          r.value5() == null ? r.value4() : r.value4() + ":" + r.value5()));
      m.put("seconds", r.value6() == null ? null : Math.round(r.value6() / 1000.0));
      out.add(m);
    }
    return out;
  }
}

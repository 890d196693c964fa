package com.serveurcom.astreinte.web;

import static com.serveurcom.astreinte.database.generated.Tables.ACCOUNT;
import static com.serveurcom.astreinte.database.generated.Tables.ONCALL_MESSAGE;
import static com.serveurcom.astreinte.database.generated.Tables.ONCALL_REQUEST;
import static com.serveurcom.astreinte.database.generated.Tables.OUTBOX;
import static com.serveurcom.astreinte.database.generated.Tables.TICKET;
import static com.serveurcom.astreinte.database.generated.Tables.TICKET_EVENT;
import static com.serveurcom.astreinte.database.generated.Tables.VOICEMAIL_MESSAGE;

import com.serveurcom.astreinte.database.Database;
import com.serveurcom.astreinte.database.generated.tables.records.OncallRequestRecord;
import com.serveurcom.astreinte.http.HttpRequest;
import com.serveurcom.astreinte.http.HttpResponse;
import com.serveurcom.astreinte.http.Router;
import com.serveurcom.astreinte.oncall.OnCallRequestStatus;
import com.serveurcom.astreinte.outbox.Outbox;
import com.serveurcom.astreinte.outbox.OutboxMessage;
import com.serveurcom.astreinte.paging.Acknowledgements;
import com.serveurcom.astreinte.paging.PagingLinks;
import com.serveurcom.astreinte.paging.Phones;
import com.serveurcom.astreinte.rota.Rota;
import com.serveurcom.astreinte.rota.Technician;
import com.serveurcom.astreinte.rota.VoiceRoute;
import com.serveurcom.astreinte.paging.Ack;
import com.serveurcom.astreinte.paging.SignedUrls;
import com.serveurcom.astreinte.voicemail.RecordingStore;
import com.serveurcom.astreinte.web.PageTexts.Text;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The page a paged technician opens from the SMS ({@code /p/<request id>/<technician id>?exp=…&sig=…}): the
 * request, its messages with a player, and take charge / decline through the same acknowledgement path as
 * an SMS reply or a keypress (the first one wins). The signed link is the only credential: it names one
 * person and one request, and expires with the chain plus a grace period ({@link PagingLinks#technicianPage}).
 */
public final class TechnicianPage {
  private static final Logger LOG = LoggerFactory.getLogger(TechnicianPage.class);
  static final String ROUTE = PagingLinks.TECHNICIAN_PAGE_PREFIX + "{request}/{technician}";
  /** How long the page's audio links stay valid: a page kept open a while still plays. */
  private static final Duration AUDIO_TTL = Duration.ofHours(2);

  private final Database database;
  private final Optional<SignedUrls> signer;
  private final Acknowledgements acknowledgements;
  private final Supplier<Rota> rota;
  private final Supplier<WebConfig> pages;
  private final Optional<URI> publicBase;
  private final Clock clock;

  public TechnicianPage(Database database, Optional<SignedUrls> signer, Acknowledgements acknowledgements,
      Supplier<Rota> rota, Supplier<WebConfig> pages, Optional<URI> publicBase, Clock clock) {
    this.database = Objects.requireNonNull(database, "database");
    this.signer = Objects.requireNonNull(signer, "signer");
    this.acknowledgements = Objects.requireNonNull(acknowledgements, "acknowledgements");
    this.rota = Objects.requireNonNull(rota, "rota");
    this.pages = Objects.requireNonNull(pages, "pages");
    this.publicBase = Objects.requireNonNull(publicBase, "publicBase");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  public void register(Router router) {
    router.get(ROUTE, this::show);
    router.post(ROUTE, this::act);
  }

  /** What a verified link grants: this technician, this request, until {@code exp}. */
  record Grant(long requestId, Technician technician, String path, long exp) {}

  private HttpResponse show(HttpRequest request) {
    Object grant = grant(request);
    if (grant instanceof HttpResponse refused) {
      return refused;
    }
    return WebResponses.html(200, render((Grant) grant, request.pathAndQuery(), null));
  }

  private HttpResponse act(HttpRequest request) {
    Object verified = grant(request);
    if (verified instanceof HttpResponse refused) {
      return refused;
    }
    Grant grant = (Grant) verified;
    PageTexts texts = pages.get().texts();
    Map<String, String> form = Forms.fields(request);
    if (!Forms.sameOrigin(request, publicBase) || !MessageDigest.isEqual(
        csrfToken(grant).getBytes(StandardCharsets.US_ASCII),
        form.getOrDefault("csrf", "").getBytes(StandardCharsets.US_ASCII))) {
      return refusal(403, Text.TITLE_ACTION_REFUSED, Text.PAGE_OTHER_SITE);
    }
    OncallRequestRecord r = database.dsl().selectFrom(ONCALL_REQUEST).where(ONCALL_REQUEST.ID.eq(grant.requestId()))
        .fetchOne();
    if (r == null) {
      return refusal(404, Text.TITLE_REQUEST_MISSING, Text.PAGE_REQUEST_MISSING);
    }
    String action = form.getOrDefault("action", "");
    String notice;
    // The link names one on-call request; the acknowledgement path names the ticket's open one. Only act
    // while they are the same, so an old link never acknowledges a newer request of the same ticket.
    if (action.equals("appeler") && takenBy(grant, r)) {
      notice = canCall(grant, r) ? callCustomer(grant, r, texts) : texts.text(Text.PAGE_ALREADY_HANDLED);
    } else if (!OnCallRequestStatus.fromCode(r.getStatus()).isOpen()) {
      notice = texts.text(Text.PAGE_ALREADY_HANDLED);
    } else if (action.equals("prendre")) {
      Ack ack = acknowledgements.takeChargeAs(r.getTicketNumber(), actor(grant), grant.technician().name());
      notice = texts.text(ack.outcome() == Ack.Outcome.ACCEPTED ? Text.PAGE_TAKEN : Text.PAGE_ALREADY_HANDLED);
    } else if (action.equals("refuser")) {
      String reason = form.getOrDefault("raison", "").strip();
      if (reason.isEmpty()) {
        return WebResponses.html(400, render(grant, request.pathAndQuery(), texts.text(Text.PAGE_REASON_MISSING)));
      }
      if (reason.length() > 500) {
        reason = reason.substring(0, 500);
      }
      Ack ack = acknowledgements.declineAs(r.getTicketNumber(), actor(grant), reason);
      notice = texts.text(ack.outcome() == Ack.Outcome.ACCEPTED ? Text.PAGE_DECLINED : Text.PAGE_ALREADY_HANDLED);
    } else if (action.equals("appeler") && canCall(grant, r)) {
      notice = callCustomer(grant, r, texts);
    } else {
      return WebResponses.html(400, render(grant, request.pathAndQuery(), texts.text(Text.PAGE_ACTION_UNKNOWN)));
    }
    LOG.info("page du technicien : action {} sur la demande {} par le technicien {}", action, r.getTicketNumber(), grant.technician().id());
    return WebResponses.html(200, render(grant, request.pathAndQuery(), notice));
  }

  /** At most this many calls to the customer asked from one request's page. */
  static final int MOST_CALLS = 5;

  /**
   * Whether the PBX can put this technician through to the customer: Asterisk places voice pages, the
   * customer left a dialable number, and the request is open (the button takes charge first) or was
   * taken in charge by this technician.
   */
  private boolean canCall(Grant grant, OncallRequestRecord r) {
    VoiceRoute v = rota.get().voice();
    return v.provider().equals(VoiceRoute.ASTERISK) && v.pbx() != null && Phones.isE164(r.getCallbackNumber())
        && (OnCallRequestStatus.fromCode(r.getStatus()).isOpen() || takenBy(grant, r));
  }

  private static boolean takenBy(Grant grant, OncallRequestRecord r) {
    return OnCallRequestStatus.fromCode(r.getStatus()) == OnCallRequestStatus.TAKEN_IN_CHARGE
        && r.getTakenChargeBy() != null && r.getTakenChargeBy().toLowerCase(Locale.ROOT)
        .startsWith("technicien:" + grant.technician().id().toLowerCase(Locale.ROOT) + " ");
  }

  /**
   * « Appeler le client »: takes charge when the request is still open (the first acknowledgement wins, as
   * everywhere), then queues the call ({@link OutboxMessage.CustomerCall}): the PBX rings the technician
   * and puts them through. One call at a time; {@link #MOST_CALLS} in all.
   */
  private String callCustomer(Grant grant, OncallRequestRecord r, PageTexts texts) {
    if (OnCallRequestStatus.fromCode(r.getStatus()).isOpen()) {
      Ack ack = acknowledgements.takeChargeAs(r.getTicketNumber(), actor(grant), grant.technician().name());
      if (ack.outcome() != Ack.Outcome.ACCEPTED) {
        return texts.text(Text.PAGE_ALREADY_HANDLED);
      }
    }
    String started = OutboxMessage.CustomerCall.keyPrefix(r.getTicketNumber(), r.getId());
    Text said = database.transactionResult(tx -> {
      var earlier = tx.select(OUTBOX.STATUS).from(OUTBOX).where(OUTBOX.IDEMPOTENCY_KEY.startsWith(started))
          .forUpdate().fetch(OUTBOX.STATUS);
      if (earlier.contains("pending")) {
        return Text.PAGE_CALL_UNDER_WAY;
      }
      if (earlier.size() >= MOST_CALLS) {
        return Text.PAGE_CALL_TOO_MANY;
      }
      Outbox.enqueue(tx, new OutboxMessage.CustomerCall(r.getId(), r.getTicketNumber(), grant.technician().id()),
          OutboxMessage.CustomerCall.key(r.getTicketNumber(), r.getId(), earlier.size() + 1), clock.instant());
      return Text.PAGE_CALL_ASKED;
    });
    return texts.text(said);
  }

  private static String actor(Grant grant) {
    return "technicien:" + grant.technician().id() + " (web)";
  }

  /** The grant, or the refusal page: 403 for a link we did not sign (or for someone else), 410 when expired. */
  private Object grant(HttpRequest request) {
    if (signer.isEmpty()) {
      return refusal(403, Text.TITLE_LINK_REFUSED, Text.PAGE_LINKS_OFF);
    }
    String raw = request.pathAndQuery();
    int q = raw.indexOf('?');
    String rawPath = q < 0 ? raw : raw.substring(0, q);
    SignedUrls.Checked checked = signer.get().check(rawPath, request.query());
    switch (checked.verdict()) {
      case BAD_SIGNATURE:
        return refusal(403, Text.TITLE_LINK_REFUSED, Text.PAGE_LINK_INVALID);
      case EXPIRED:
        return refusal(410, Text.TITLE_LINK_EXPIRED, Text.PAGE_LINK_EXPIRED);
      default:
        break;
    }
    String requestText = request.pathParam("request");
    if (!requestText.matches("\\d{1,18}")) {
      return refusal(404, Text.TITLE_REQUEST_MISSING, Text.PAGE_REQUEST_MISSING);
    }
    String techId = request.pathParam("technician");
    Optional<Technician> tech = rota.get().technicians().stream()
        .filter(t -> t.id().toLowerCase(Locale.ROOT).equals(techId.toLowerCase(Locale.ROOT))).findFirst();
    if (tech.isEmpty()) {
      return refusal(403, Text.TITLE_LINK_REFUSED, Text.PAGE_LINK_STRANGER);
    }
    return new Grant(Long.parseLong(requestText), tech.get(), rawPath, checked.expiresAt());
  }

  /** The forms' token: the link's own signature over another path, so no new secret and no cookie. */
  String csrfToken(Grant grant) {
    String signed = signer.orElseThrow().sign("/csrf" + grant.path(), Instant.ofEpochSecond(grant.exp()));
    return signed.substring(signed.indexOf("&sig=") + 5);
  }

  private String render(Grant grant, String pathAndQuery, String notice) {
    WebConfig web = pages.get();
    WebWords words = web.words();
    Templates templates = web.templates();
    Instant now = clock.instant();
    Map<String, Object> m = new HashMap<>();
    m.put("title", web.texts().text(Text.TITLE_REQUEST));
    m.put("notice", notice);
    m.put("technician", grant.technician().name());
    m.put("action", pathAndQuery);
    m.put("csrf", csrfToken(grant));
    OncallRequestRecord r = database.dsl().selectFrom(ONCALL_REQUEST).where(ONCALL_REQUEST.ID.eq(grant.requestId()))
        .fetchOne();
    if (r == null) {
      m.put("missing", true);
      return templates.render("technician", m);
    }
    var t = database.dsl().select(TICKET.PRIORITY, TICKET.SUBJECT, TICKET.CONTACT_NAME, TICKET.CONTACT_PHONE,
            TICKET.STATUS, TICKET.ASSIGNEE, ACCOUNT.NAME)
        .from(TICKET).join(ACCOUNT).on(ACCOUNT.ID.eq(TICKET.ACCOUNT_ID))
        .where(TICKET.NUMBER.eq(r.getTicketNumber())).fetchOne();
    Instant created = r.getCreatedAt().toInstant();
    Instant deadline = created.plus(rota.get().timings().takeChargeWindow());
    boolean open = OnCallRequestStatus.fromCode(r.getStatus()).isOpen();
    m.put("number", r.getTicketNumber());
    m.put("priority", t == null ? "" : words.priority(t.value1()));
    m.put("high", t != null && "high".equals(t.value1()));
    m.put("subject", t == null ? "" : t.value2());
    m.put("contact", t == null ? "" : t.value3());
    m.put("contactPhone", t == null ? "" : t.value4());
    m.put("ticketStatus", t == null ? "" : words.ticketStatus(t.value5()));
    m.put("account", t == null ? "" : t.value7());
    m.put("callback", r.getCallbackNumber());
    m.put("created", words.when(created));
    m.put("deadline", words.when(deadline));
    m.put("deadlineMillis", deadline.toEpochMilli());
    m.put("nowMillis", now.toEpochMilli());
    m.put("status", words.requestStatus(r.getStatus()));
    m.put("open", open);
    m.put("handled", handledText(r, words));
    m.put("messages", messages(r, now, words));
    boolean canCall = canCall(grant, r);
    m.put("canCall", canCall);
    m.put("callUnavailable", canCall || !open ? null
        : words.text(Text.PAGE_CALL_UNAVAILABLE, "rappel", r.getCallbackNumber()));
    return templates.render("technician", m);
  }

  private String handledText(OncallRequestRecord r, WebWords words) {
    java.util.function.Function<String, String> name =
        id -> rota.get().technicians().stream().filter(t -> t.id().equalsIgnoreCase(id)).map(Technician::name)
            .findFirst().orElse(null);
    if ("taken_in_charge".equals(r.getStatus())) {
      return words.text(Text.PAGE_TAKEN_BY, "par", words.actor(r.getTakenChargeBy(), name),
          "quand", words.when(r.getTakenChargeAt() == null ? null : r.getTakenChargeAt().toInstant()));
    }
    if ("declined".equals(r.getStatus())) {
      String by = database.dsl().select(TICKET_EVENT.ACTOR).from(TICKET_EVENT)
          .where(TICKET_EVENT.TICKET_NUMBER.eq(r.getTicketNumber())).and(TICKET_EVENT.KIND.eq("oncall_declined"))
          .orderBy(TICKET_EVENT.ID.desc()).limit(1).fetchOne(TICKET_EVENT.ACTOR);
      return words.text(Text.PAGE_DECLINED_BY, "par", words.actor(by, name),
          "quand", words.when(r.getDeclinedAt() == null ? null : r.getDeclinedAt().toInstant()),
          "motif", r.getDeclineReason() == null ? "" : words.text(Text.PAGE_DECLINE_REASON, "motif", r.getDeclineReason()));
    }
    if ("expired".equals(r.getStatus())) {
      return words.text(Text.PAGE_EXPIRED);
    }
    return null;
  }

  /** Each message with when it came in, the call-back number it left, and its recording's signed link. */
  private List<Map<String, Object>> messages(OncallRequestRecord r, Instant now, WebWords words) {
    var rows = database.dsl().select(ONCALL_MESSAGE.RECEIVED_AT, ONCALL_MESSAGE.CALLBACK_NUMBER,
            VOICEMAIL_MESSAGE.MSG_ID, VOICEMAIL_MESSAGE.DURATION_SECONDS, VOICEMAIL_MESSAGE.STORED_PATH,
            VOICEMAIL_MESSAGE.PURGED_AT)
        .from(ONCALL_MESSAGE)
        .leftJoin(VOICEMAIL_MESSAGE).on(VOICEMAIL_MESSAGE.CALL_ID.eq(ONCALL_MESSAGE.CALL_ID))
        .where(ONCALL_MESSAGE.ONCALL_REQUEST_ID.eq(r.getId()))
        .orderBy(ONCALL_MESSAGE.RECEIVED_AT, ONCALL_MESSAGE.ID).fetch();
    List<Map<String, Object>> out = new ArrayList<>();
    int n = 0;
    for (var row : rows) {
      n++;
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("index", n);
      m.put("received", words.when(row.value1().toInstant()));
      m.put("callback", row.value2());
      boolean stored = row.value3() != null && row.value5() != null && row.value6() == null;
      String path = stored ? RecordingStore.urlPath(row.value3()) : "/recordings/" + r.getTicketNumber() + "/" + n;
      m.put("audio", signer.orElseThrow().sign(path, now.plus(AUDIO_TTL)));
      m.put("seconds", row.value4());
      out.add(m);
    }
    if (out.isEmpty()) {
      // A request registered before messages were listed one by one: its recordings by position.
      int count = r.getMessageRefs() == null ? 1 : Math.max(1, r.getMessageRefs().length);
      for (int i = 1; i <= count; i++) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("index", i);
        m.put("received", i == 1 ? words.when(r.getCreatedAt().toInstant()) : "");
        m.put("callback", r.getCallbackNumber());
        m.put("audio", signer.orElseThrow().sign("/recordings/" + r.getTicketNumber() + "/" + i, now.plus(AUDIO_TTL)));
        out.add(m);
      }
    }
    return out;
  }

  private HttpResponse refusal(int status, Text title, Text text) {
    WebConfig web = pages.get();
    Map<String, Object> m = new HashMap<>();
    m.put("title", web.texts().text(title));
    m.put("text", web.texts().text(text));
    return WebResponses.html(status, web.templates().render("refused", m));
  }


}

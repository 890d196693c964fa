package com.serveurcom.astreinte.pbx;

import static com.serveurcom.astreinte.database.generated.Tables.PAGE_ATTEMPT;

import com.serveurcom.astreinte.database.Database;
import com.serveurcom.astreinte.paging.Pager;
import com.serveurcom.astreinte.paging.PagingFailure;
import com.serveurcom.astreinte.paging.Phones;
import com.serveurcom.astreinte.paging.VoiceRouting.PbxFailure;
import com.serveurcom.astreinte.rota.VoiceRoute;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Voice pages through the operator's own Asterisk: an AMI {@code Originate} ({@code Async: true}) on the
 * server's AMI link, to the dial string of astreinte.yaml's {@code voix.asterisk} section, with the support
 * number as caller ID, the ring timeout as {@code Timeout}, and the page's identity as the {@code PAGE_ID}
 * channel variable and {@code ChannelId}. When the technician answers, the shipped {@code [astreinte-page]}
 * context hands the call to the {@code page} FastAGI script ({@link PageScript}).
 *
 * <p>What Asterisk answers (asterisk-wire-originate.md): {@code Success} at once only means queued; the
 * outcome is the {@code OriginateResponse} whose {@code Uniqueid} is our {@code ChannelId}. The pager waits
 * a short placement window for it: a failure with {@code Reason: 0} and no channel cause in that window
 * (unknown technology, no such trunk or extension) means the PBX could not place the call at all, a
 * provider failure the fallback takes over. Any other failure (no answer, busy, congestion, refused
 * while ringing) is recorded on the attempt and is not an acknowledgement: the chain goes on.
 */
public final class AsteriskPager implements Pager, PageDirectory {
  private static final Logger LOG = LoggerFactory.getLogger(AsteriskPager.class);
  public static final String PROVIDER = "asterisk";
  /** The channel variable that names the page; the dialplan passes it as {@code page?id=}. */
  public static final String PAGE_VARIABLE = "PAGE_ID";
  /** How long a placed page stays known in memory (the call rings, then the script runs). */
  static final Duration KEPT = Duration.ofHours(1);

  private final Supplier<PbxLink> link;
  private final Supplier<VoiceRoute> route;
  private final Database database;
  private final Clock clock;
  private final Duration placementWindow;
  private final MeterRegistry metrics;
  private final Map<String, Pending> pages = new ConcurrentHashMap<>();
  private volatile CallOutcomes outcomes = (token, status, detail) -> { };

  /**
   * @param link            the AMI link (null until it exists)
   * @param route           the voice route in force ({@code voix} of astreinte.yaml, reloaded)
   * @param placementWindow how long a send waits for an early {@code OriginateResponse} (a call the PBX could
   *                        not place fails within milliseconds; a ringing phone answers much later)
   */
  public AsteriskPager(Supplier<PbxLink> link, Supplier<VoiceRoute> route, Database database, Clock clock,
      Duration placementWindow, MeterRegistry metrics) {
    this.link = Objects.requireNonNull(link, "link");
    this.route = Objects.requireNonNull(route, "route");
    this.database = Objects.requireNonNull(database, "database");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.placementWindow = Objects.requireNonNull(placementWindow, "placementWindow");
    this.metrics = Objects.requireNonNull(metrics, "metrics");
  }

  /** Where outcomes learnt after the send go (set once the paging side exists). */
  public void outcomesTo(CallOutcomes outcomes) {
    this.outcomes = Objects.requireNonNull(outcomes, "outcomes");
  }

  /** The listener to register on the AMI link. */
  public PbxLink.CallEvents events() {
    return new Events();
  }

  @Override
  public Receipt sendSms(String to, String body, String idempotencyKey) throws PagingFailure {
    throw new PagingFailure(PagingFailure.Kind.PERMANENT, null, null, "Asterisk n'envoie pas de SMS", null, false);
  }

  @Override
  public Receipt placeCall(String to, String script, String idempotencyKey) throws PagingFailure {
    VoiceRoute.Pbx pbx = route.get().pbx();
    if (pbx == null) {
      throw PbxFailure.NOT_PLACED.failure("section voix.asterisk absente de astreinte.yaml");
    }
    Optional<String> request = requestOf(idempotencyKey);
    if (request.isEmpty()) {
      // An announcement (escalation notice, orphan message, self-alarm) has no request to play: the
      // page script cannot say it, the fallback provider does.
      throw PbxFailure.NOT_PLACED.failure("annonce hors demande, non jouée par Asterisk");
    }
    PbxLink l = link.get();
    if (l == null || !l.connected()) {
      throw PbxFailure.LINK_DOWN.failure("impossible d'appeler " + Phones.mask(to));
    }
    forgetOld();
    String pageId = pageId(idempotencyKey);
    PlacedPage page = new PlacedPage(pageId, request.get(), to, idempotencyKey, clock.instant());
    Pending pending = new Pending(page);
    pages.put(pageId, pending);
    PbxLink.Answer answer;
    try {
      answer = l.originate(new PbxLink.Originate(pageId, pbx.channel(to), pbx.context(), "s", 1, pbx.callerIdHeader(),
          pbx.ringTimeout(), pageId, pageId + "-tel", Map.of(PAGE_VARIABLE, pageId)));
    } catch (PbxLink.PbxUnavailable e) {
      if (e.maybeSent()) {
        // Not a fallback: a second call by another provider could ring the technician twice. The page stays
        // known here (its OriginateResponse, if any, is recorded); without one, the chain's next step pages again.
        pending.returned = true;
        count("unconfirmed");
        LOG.warn("Originate {} vers {} : {} ; appel considéré comme en cours, pas de bascule", pageId, Phones.mask(to),
            e.getMessage());
        return new Receipt(pageId, "queued", PROVIDER);
      }
      pages.remove(pageId);
      throw PbxFailure.LINK_DOWN.failure(e.getMessage());
    }
    if (!answer.queued()) {
      pages.remove(pageId);
      count("refused");
      String hint = String.valueOf(answer.message()).contains("Permission denied")
          ? " (l'utilisateur AMI a-t-il « write = originate » dans manager.conf ?)" : "";
      LOG.error("Originate refusé par Asterisk pour {} : {}{}", Phones.mask(to), answer.message(), hint);
      throw PbxFailure.REFUSED.failure(answer.message() + hint);
    }
    String early = null;
    try {
      early = pending.outcome.get(placementWindow.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      // Ringing: the outcome comes later and is recorded on the attempt.
      pending.returned = true;
      early = pending.outcome.getNow(null);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      pending.returned = true;
    } catch (ExecutionException e) {
      throw new IllegalStateException(e.getCause());
    }
    if (NOT_PLACED.equals(early)) {
      throw PbxFailure.NOT_PLACED.failure("Asterisk n'a pas pu appeler " + Phones.mask(to) + " par "
          + pbx.dialString());
    }
    LOG.info("Appel d'astreinte {} vers {} placé par Asterisk (demande {})", pageId, Phones.mask(to), request.get());
    return new Receipt(pageId, "queued", PROVIDER);
  }

  @Override
  public String provider() {
    return PROVIDER;
  }

  /**
   * The page of {@code pageId}: placed by this server, or by another one of the same database. The id is
   * derived from the attempt's idempotency token, written before the Originate, so another server finds the
   * attempt as soon as Asterisk can run the page script, not once the provider's answers are recorded.
   */
  @Override
  public Optional<PlacedPage> find(String pageId) {
    if (pageId == null || pageId.isBlank()) {
      return Optional.empty();
    }
    Pending p = pages.get(pageId);
    if (p != null) {
      return Optional.of(p.page);
    }
    if (!pageId.matches(PREFIX + "[0-9a-f]{" + ID_HEX + "}")) {
      return Optional.empty();
    }
    String hash = pageId.substring(PREFIX.length());
    return database.dsl().select(PAGE_ATTEMPT.TICKET_NUMBER, PAGE_ATTEMPT.RECIPIENT_PHONE, PAGE_ATTEMPT.IDEMPOTENCY_TOKEN,
            PAGE_ATTEMPT.CREATED_AT)
        .from(PAGE_ATTEMPT).where(PAGE_ATTEMPT.CHANNEL.eq("voice")).and(PAGE_ATTEMPT.TICKET_NUMBER.isNotNull())
        .and(PAGE_ATTEMPT.CREATED_AT.gt(com.serveurcom.astreinte.database.Timestamps.utc(clock.instant().minus(KEPT))))
        .and(org.jooq.impl.DSL.condition("left(encode(sha256(convert_to({0}, 'UTF8')), 'hex'), {1}) = {2}",
            PAGE_ATTEMPT.IDEMPOTENCY_TOKEN, org.jooq.impl.DSL.inline(ID_HEX), org.jooq.impl.DSL.val(hash)))
        .limit(1)
        .fetchOptional(r -> new PlacedPage(pageId, r.value1(), r.value2(), r.value3(), r.value4().toInstant()));
  }

  @Override
  public Optional<com.serveurcom.astreinte.outbox.OutboxMessage.Kind> sentBy(PlacedPage page) {
    if (page.token() == null) {
      return Optional.empty();
    }
    return Optional.ofNullable(database.dsl().select(PAGE_ATTEMPT.OUTBOX_KIND).from(PAGE_ATTEMPT)
            .where(PAGE_ATTEMPT.IDEMPOTENCY_TOKEN.eq(page.token())).limit(1).fetchOne(PAGE_ATTEMPT.OUTBOX_KIND))
        .flatMap(com.serveurcom.astreinte.outbox.OutboxMessage.Kind::fromCode);
  }

  @Override
  public void record(PlacedPage page, String status, String detail) {
    count(status);
    if (page.token() != null) {
      outcomes.record(page.token(), status, detail);
    }
  }

  /** {@code page:<ticket>:...}: the request of a page of the chain; anything else is not a page. */
  static Optional<String> requestOf(String idempotencyKey) {
    if (idempotencyKey == null || !idempotencyKey.startsWith("page:")) {
      return Optional.empty();
    }
    String[] parts = idempotencyKey.split("[:#|]");
    return parts.length > 1 && parts[1].matches("\\d{1,20}") ? Optional.of(parts[1]) : Optional.empty();
  }

  private void forgetOld() {
    Instant before = clock.instant().minus(KEPT);
    pages.values().removeIf(p -> p.page.placedAt().isBefore(before));
  }

  private void count(String outcome) {
    // Built once per outcome, not at each AMI event.
    counters.computeIfAbsent(outcome, o -> Counter.builder("astreinte.pbx.calls")
        .description("Voice pages placed through Asterisk, by outcome").tag("outcome", o).register(metrics))
        .increment();
  }

  private final Map<String, Counter> counters = new java.util.concurrent.ConcurrentHashMap<>();

  /** Asterisk says pages (its {@code page} script and recorded prompts), never a free text: no French speech. */
  @Override
  public boolean speaks(com.serveurcom.astreinte.paging.CallKind kind) {
    return kind == com.serveurcom.astreinte.paging.CallKind.PAGE;
  }

  private static final String PREFIX = PbxLink.PAGE_ID_PREFIX;
  /** 24 hex digits (96 bits) of the token's SHA-256: unique among a day's attempts, short on the channel. */
  private static final int ID_HEX = 24;

  /** The page's id (Asterisk's ChannelId and PAGE_ID): one per attempt, since the token names the attempt. */
  static String pageId(String idempotencyToken) {
    try {
      byte[] d = java.security.MessageDigest.getInstance("SHA-256")
          .digest(idempotencyToken.getBytes(java.nio.charset.StandardCharsets.UTF_8));
      return PREFIX + HexFormat.of().formatHex(d).substring(0, ID_HEX);
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }


  private static final String NOT_PLACED = "not-placed";

  /** A page whose OriginateResponse has not come yet, and the causes of its channels seen so far. */
  private static final class Pending {
    final PlacedPage page;
    final CompletableFuture<String> outcome = new CompletableFuture<>();
    volatile int cause;
    /** placeCall has returned: an outcome can no longer bring the fallback in. */
    volatile boolean returned;

    Pending(PlacedPage page) {
      this.page = page;
    }
  }

  private final class Events implements PbxLink.CallEvents {
    @Override
    public void originateResponse(String uniqueId, boolean success, int reason) {
      Pending p = uniqueId == null ? null : pages.get(uniqueId);
      if (p == null) {
        return;
      }
      String status;
      String detail = null;
      if (success) {
        status = CallStatus.ANSWERED.code();
      } else {
        status = switch (reason) {
          case 3 -> CallStatus.NO_ANSWER.code();
          case 5 -> CallStatus.BUSY.code();
          case 8 -> CallStatus.CONGESTION.code();
          default -> p.cause == 21 ? CallStatus.REJECTED.code() : p.cause != 0 ? CallStatus.FAILED.code() : NOT_PLACED;
        };
        detail = "OriginateResponse Reason " + reason + (p.cause == 0 ? "" : ", cause " + p.cause);
        pages.remove(uniqueId);
      }
      p.outcome.complete(status);
      if (status.equals(NOT_PLACED)) {
        count("not_placed");
        if (p.returned) {
          // Too late for the fallback (the window was over): recorded; the chain's next step calls again.
          LOG.warn("Appel d'astreinte {} : Asterisk n'a pas pu le placer ({})", uniqueId, detail);
          outcomes.record(p.page.token(), CallStatus.FAILED.code(), "appel non placé par Asterisk : " + detail);
        }
        return;
      }
      if (success) {
        // The page script records what the technician did; its FastAGI call may already be under way
        // (it can arrive before this event), so nothing is written here that could overwrite it.
        count("originate_answered");
        return;
      }
      LOG.info("Appel d'astreinte {} (demande {}) sans réponse : {}", uniqueId, p.page.requestNumber(), status);
      record(p.page, status, detail);
    }

    @Override
    public void hangup(String uniqueId, int cause, String causeText) {
      if (uniqueId == null) {
        return;
      }
      String pageId = uniqueId.endsWith("-tel") ? uniqueId.substring(0, uniqueId.length() - 4) : uniqueId;
      Pending p = pages.get(pageId);
      if (p != null && cause != 0) {
        p.cause = cause;
      }
    }
  }
}

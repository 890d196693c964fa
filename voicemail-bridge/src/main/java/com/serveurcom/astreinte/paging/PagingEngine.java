package com.serveurcom.astreinte.paging;

import static com.serveurcom.astreinte.database.generated.Tables.ACCOUNT;
import static com.serveurcom.astreinte.database.generated.Tables.ONCALL_REQUEST;
import static com.serveurcom.astreinte.database.generated.Tables.PAGE_ATTEMPT;
import static com.serveurcom.astreinte.database.generated.Tables.TICKET;
import static com.serveurcom.astreinte.database.generated.Tables.TICKET_EVENT;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.serveurcom.astreinte.database.Database;
import com.serveurcom.astreinte.database.Json;
import com.serveurcom.astreinte.database.PrerenderedQuery;
import com.serveurcom.astreinte.database.generated.tables.records.OncallRequestRecord;
import com.serveurcom.astreinte.oncall.OnCallRequests;
import com.serveurcom.astreinte.outbox.Outbox;
import com.serveurcom.astreinte.rota.OnDuty;
import com.serveurcom.astreinte.rota.PagingTimings;
import com.serveurcom.astreinte.rota.Rota;
import com.serveurcom.astreinte.rota.Technician;
import com.serveurcom.astreinte.ticket.Priority;
import com.serveurcom.astreinte.twilio.PageSummary;
import com.serveurcom.astreinte.twilio.PageTwiml;
import com.serveurcom.astreinte.twilio.PagingFailure;
import com.serveurcom.astreinte.twilio.Phones;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers the outbox rows of paging: pages of on-call requests and their follow-up chain, orphan
 * pages, customer SMS, and the escalation engine's notices. {@link #runOnce} claims due rows with
 * {@code FOR UPDATE SKIP LOCKED} and a lease ({@link Outbox#claim}), so engines of several
 * instances share one database without sending a row twice at once; a row whose worker died comes
 * back when its lease ends.
 *
 * <p>One row may mean several sends (SMS and call, to several people). Each send is a
 * {@code page_attempt} row keyed by (outbox key, channel, person): it is written {@code sending}
 * with its idempotency token before the provider is called, then {@code accepted} or
 * {@code failed}. A retry of the row skips what was accepted and resends what failed with a new
 * token ({@code <outbox key>#<attempt>|<part>}); a part found {@code sending} (the worker died
 * between the provider's answer and our write) is resent with its old token, so the provider can
 * recognise the duplicate.
 *
 * <p>The chain of an on-call request (times from the request's {@code created_at}, which the
 * 30-minute window also runs from): the first page, then follow-up {@code n} at
 * {@code n × retryInterval}, paging the technician on duty at send time and, from
 * {@code backupsAfter}, also the next backup in chain order; at {@code takeChargeWindow} a breach
 * is recorded and paging stops (managers are the escalation engine's business). Each row of the
 * chain queues the next one before sending, so a failing provider never breaks the chain.
 */
public final class PagingEngine implements AutoCloseable {
  /** Follow-up of a chain (ours): key {@code page:<ticket>:<request id>:followup:<n>} or {@code ...:breach}. */
  public static final String FOLLOWUP = "page_followup";
  /** SMS to the customer's call-back number (ours): key {@code customer_sms:<request id>:<event>}. */
  public static final String CUSTOMER_SMS = "customer_sms";
  /** Written by the escalation engine: {@code contacts} [{name, phone, email}], {@code voice}. */
  public static final String ESCALATION = "escalation";
  /** Written by the escalation engine: {@code to} "assignee" | "oncall". */
  public static final String DEADLINE_WARNING = "deadline_warning";
  public static final List<String> KINDS = List.of(OnCallRequests.PAGE, OnCallRequests.ORPHAN_PAGE, FOLLOWUP,
      CUSTOMER_SMS, ESCALATION, DEADLINE_WARNING);

  private static final Logger LOG = LoggerFactory.getLogger(PagingEngine.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * @param workerId    written in {@code outbox.locked_by}: which instance holds a row
   * @param batchSize   rows claimed per pass
   * @param lease       how long a claimed row is ours; must exceed the slowest pass (Twilio timeouts 20 s/send)
   * @param firstBackoff delay before the 2nd attempt of a row, doubled each time up to {@code maxBackoff}
   * @param maxAttempts then the row is marked failed (the chain's next step still runs)
   * @param parallelism rows of one pass delivered at once: a slow provider answer must not hold up the
   *                    other technicians' pages (each row is independent; its parts stay in order)
   */
  public record Settings(String workerId, int batchSize, Duration lease, Duration firstBackoff, Duration maxBackoff,
      int maxAttempts, int parallelism) {
    public Settings {
      Objects.requireNonNull(workerId, "workerId");
      if (batchSize < 1 || maxAttempts < 1 || parallelism < 1) {
        throw new IllegalArgumentException("batch size, max attempts and parallelism must be positive");
      }
    }

    /**
     * Seconds a claimed row stays ours ({@code ASTREINTE_PAGING_LEASE_SECONDS}, 60 to 600, 180 by
     * default). It must outlast the slowest delivery of a row (its parts at up to 20 s each with
     * the ambiguous-failure lookup) so a live instance's send is never taken from it; it only
     * decides when the holder is alive but stuck, or runs no heartbeat: a dead instance's rows are
     * taken when its heartbeat stops (EngineHeartbeat). 3 minutes is a tenth of the 30-minute
     * commitment.
     */
    public static final String ENV_LEASE = "ASTREINTE_PAGING_LEASE_SECONDS";

    public static Settings defaults(String workerId) {
      return new Settings(workerId, 20, Duration.ofMinutes(3), Duration.ofSeconds(5), Duration.ofMinutes(2), 10, 4);
    }

    public Settings withLease(Duration newLease) {
      return new Settings(workerId, batchSize, newLease, firstBackoff, maxBackoff, maxAttempts, parallelism);
    }

    /** {@link #ENV_LEASE}, or 3 minutes; a clear error for anything else. */
    public static Duration leaseFromEnvironment(Map<String, String> env) {
      String text = env.get(ENV_LEASE);
      if (text == null || text.isBlank()) {
        return Duration.ofMinutes(3);
      }
      try {
        long seconds = Long.parseLong(text.trim());
        if (seconds >= 60 && seconds <= 600) {
          return Duration.ofSeconds(seconds);
        }
      } catch (NumberFormatException e) {
        // said below
      }
      throw new IllegalArgumentException(ENV_LEASE + " must be a whole number of seconds between 60 and 600, not '"
          + text + "'");
    }
  }

  private final Database database;
  private final Outbox outbox;
  private final Supplier<Rota> rota;
  private final Pager pager;
  private final PageTwiml twiml;
  private final PagingLinks links;
  private final PagingMetrics metrics;
  private final PagingHealth health;
  private final Settings settings;
  private final java.util.concurrent.ExecutorService workers;
  /** Sends the parts of a row side by side (separate from {@link #workers}, whose threads wait for them). */
  private final java.util.concurrent.ExecutorService partSenders;
  // Statements of every page, rendered once (see PrerenderedQuery).
  private final PrerenderedQuery facts;
  private final PrerenderedQuery markPaging;
  private final PrerenderedQuery writeAhead;
  private final PrerenderedQuery recordAnswer;
  private volatile DutyStretch lastDuty;

  public PagingEngine(Database database, Outbox outbox, Supplier<Rota> rota, Pager pager, PageTwiml twiml,
      PagingLinks links, PagingMetrics metrics, PagingHealth health, Settings settings) {
    this.database = Objects.requireNonNull(database, "database");
    this.outbox = Objects.requireNonNull(outbox, "outbox");
    this.rota = Objects.requireNonNull(rota, "rota");
    this.pager = Objects.requireNonNull(pager, "pager");
    this.twiml = Objects.requireNonNull(twiml, "twiml");
    this.links = Objects.requireNonNull(links, "links");
    this.metrics = Objects.requireNonNull(metrics, "metrics");
    this.health = Objects.requireNonNull(health, "health");
    this.settings = Objects.requireNonNull(settings, "settings");
    DSLContext dsl = database.dsl();
    this.facts = new PrerenderedQuery(factsQuery(dsl), "request");
    this.markPaging = new PrerenderedQuery(dsl.update(ONCALL_REQUEST).set(ONCALL_REQUEST.STATUS, DSL.inline("paging"))
        .set(ONCALL_REQUEST.PAGED_AT, DSL.coalesce(ONCALL_REQUEST.PAGED_AT, DSL.param("at", ONCALL_REQUEST.PAGED_AT)))
        .where(ONCALL_REQUEST.ID.eq(DSL.param("request", ONCALL_REQUEST.ID)))
        .and(OnCallRequests.isOpen(ONCALL_REQUEST.STATUS)),
        "at", "request");
    // A new part gets the row attempt's token; a part left "sending" (its answer was never recorded)
    // keeps its token so the provider can recognise the duplicate; a "failed" part gets the new one.
    // A part accepted or rejected before is left alone and returns no row.
    this.writeAhead = new PrerenderedQuery(dsl.insertInto(PAGE_ATTEMPT)
        .set(PAGE_ATTEMPT.OUTBOX_ID, DSL.param("outbox", PAGE_ATTEMPT.OUTBOX_ID))
        .set(PAGE_ATTEMPT.OUTBOX_KIND, DSL.param("kind", PAGE_ATTEMPT.OUTBOX_KIND))
        .set(PAGE_ATTEMPT.PART_KEY, DSL.param("part", PAGE_ATTEMPT.PART_KEY))
        .set(PAGE_ATTEMPT.IDEMPOTENCY_TOKEN, DSL.param("token", PAGE_ATTEMPT.IDEMPOTENCY_TOKEN))
        .set(PAGE_ATTEMPT.ONCALL_REQUEST_ID, DSL.param("request", PAGE_ATTEMPT.ONCALL_REQUEST_ID))
        .set(PAGE_ATTEMPT.TICKET_NUMBER, DSL.param("ticket", PAGE_ATTEMPT.TICKET_NUMBER))
        .set(PAGE_ATTEMPT.CHANNEL, DSL.param("channel", PAGE_ATTEMPT.CHANNEL))
        .set(PAGE_ATTEMPT.RECIPIENT_NAME, DSL.param("name", PAGE_ATTEMPT.RECIPIENT_NAME))
        .set(PAGE_ATTEMPT.RECIPIENT_PHONE, DSL.param("phone", PAGE_ATTEMPT.RECIPIENT_PHONE))
        .set(PAGE_ATTEMPT.PROVIDER, DSL.param("provider", PAGE_ATTEMPT.PROVIDER))
        .set(PAGE_ATTEMPT.STATUS, DSL.inline("sending"))
        .set(PAGE_ATTEMPT.CREATED_AT, DSL.param("created", PAGE_ATTEMPT.CREATED_AT))
        .set(PAGE_ATTEMPT.UPDATED_AT, DSL.param("updated", PAGE_ATTEMPT.UPDATED_AT))
        .onConflict(PAGE_ATTEMPT.PART_KEY).doUpdate()
        .set(PAGE_ATTEMPT.IDEMPOTENCY_TOKEN, DSL.when(PAGE_ATTEMPT.STATUS.eq(DSL.inline("sending")),
            PAGE_ATTEMPT.IDEMPOTENCY_TOKEN).otherwise(DSL.excluded(PAGE_ATTEMPT.IDEMPOTENCY_TOKEN)))
        .set(PAGE_ATTEMPT.STATUS, DSL.inline("sending"))
        .set(PAGE_ATTEMPT.UPDATED_AT, DSL.excluded(PAGE_ATTEMPT.UPDATED_AT))
        .where(PAGE_ATTEMPT.STATUS.in(DSL.inline("sending"), DSL.inline("failed")))
        .returningResult(PAGE_ATTEMPT.IDEMPOTENCY_TOKEN, PAGE_ATTEMPT.CREATED_AT),
        "outbox", "kind", "part", "token", "request", "ticket", "channel", "name", "phone", "provider", "created",
        "updated");
    this.recordAnswer = new PrerenderedQuery(dsl.update(PAGE_ATTEMPT)
        .set(PAGE_ATTEMPT.STATUS, DSL.param("status", PAGE_ATTEMPT.STATUS))
        .set(PAGE_ATTEMPT.PROVIDER_SID, DSL.coalesce(DSL.param("sid", PAGE_ATTEMPT.PROVIDER_SID), PAGE_ATTEMPT.PROVIDER_SID))
        .set(PAGE_ATTEMPT.ERROR, DSL.param("error", PAGE_ATTEMPT.ERROR))
        .set(PAGE_ATTEMPT.UPDATED_AT, DSL.param("at", PAGE_ATTEMPT.UPDATED_AT))
        .where(PAGE_ATTEMPT.PART_KEY.eq(DSL.param("part", PAGE_ATTEMPT.PART_KEY))),
        "status", "sid", "error", "at", "part");
    java.util.concurrent.atomic.AtomicInteger parts = new java.util.concurrent.atomic.AtomicInteger();
    // Bounded by the rows delivered at once times a row's few parts; idle threads go after a minute.
    int partThreads = Math.max(4, settings.parallelism() * 4);
    this.partSenders = new java.util.concurrent.ThreadPoolExecutor(partThreads, partThreads,
        60, java.util.concurrent.TimeUnit.SECONDS, new java.util.concurrent.LinkedBlockingQueue<>(), r -> {
          Thread t = new Thread(r, "paging-part-" + parts.incrementAndGet());
          t.setDaemon(true);
          return t;
        });
    ((java.util.concurrent.ThreadPoolExecutor) partSenders).allowCoreThreadTimeOut(true);
    java.util.concurrent.atomic.AtomicInteger n = new java.util.concurrent.atomic.AtomicInteger();
    this.workers = settings.parallelism() == 1 ? null
        : java.util.concurrent.Executors.newFixedThreadPool(settings.parallelism(), r -> {
          Thread t = new Thread(r, "paging-send-" + n.incrementAndGet());
          t.setDaemon(true);
          return t;
        });
  }

  /** Stops the delivery threads (rows being delivered are finished or come back after their lease). */
  @Override
  public void close() {
    if (workers != null) {
      workers.shutdown();
    }
    partSenders.shutdown();
  }

  public Settings settings() {
    return settings;
  }

  /** One pass: claims the due rows and delivers them. @return how many rows were claimed */
  public int runOnce(Instant now) {
    List<Outbox.Item> items = outbox.claim(KINDS, settings.batchSize(), settings.workerId(), settings.lease(), now);
    if (workers == null || items.size() == 1) {
      items.forEach(item -> deliver(item, now));
      return items.size();
    }
    List<java.util.concurrent.Future<?>> running = new ArrayList<>();
    for (Outbox.Item item : items) {
      running.add(workers.submit(() -> deliver(item, now)));
    }
    for (java.util.concurrent.Future<?> f : running) {
      try {
        f.get();
      } catch (java.util.concurrent.ExecutionException e) {
        LOG.error("Delivery thread failed", e.getCause());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    return items.size();
  }

  /**
   * Who is on duty only changes at a hand-over, but finding out walks the rota's timeline; under a
   * burst of pages that walk was a tenth of the engine's CPU. The answer is kept for its stretch
   * (at most a minute), and for this rota only: a reloaded rota is a new object.
   */
  private OnDuty onDuty(Rota currentRota, Instant now) {
    DutyStretch last = lastDuty;
    if (last != null && last.rota() == currentRota && !now.isBefore(last.from()) && now.isBefore(last.until())) {
      return last.duty();
    }
    OnDuty duty = currentRota.onDutyAt(now);
    Instant cap = now.plus(Duration.ofMinutes(1));
    Instant until = duty.until() == null || duty.until().isAfter(cap) ? cap : duty.until();
    lastDuty = new DutyStretch(currentRota, duty, duty.since() == null ? now : duty.since(), until);
    return duty;
  }

  private record DutyStretch(Rota rota, OnDuty duty, Instant from, Instant until) {}

  /** When the next row falls due (the runner sleeps until then unless woken). */
  public java.util.Optional<Instant> nextDue() {
    return outbox.nextDue(KINDS);
  }

  private void deliver(Outbox.Item item, Instant now) {
    Outcome outcome;
    try {
      JsonNode p = JSON.readTree(item.payload());
      outcome = switch (item.kind()) {
        case OnCallRequests.PAGE -> page(item, p, now, null);
        case FOLLOWUP -> p.path("breach").asBoolean(false) ? breach(p, now) : page(item, p, now, p.path("step").asInt());
        case OnCallRequests.ORPHAN_PAGE -> orphan(item, p, now);
        case CUSTOMER_SMS -> customerSms(item, p, now);
        case ESCALATION -> escalation(item, p, now);
        case DEADLINE_WARNING -> deadlineWarning(item, p, now);
        default -> Outcome.failed("unknown kind " + item.kind());
      };
    } catch (IOException e) {
      outcome = Outcome.failed("unreadable payload: " + e.getMessage());
    } catch (RuntimeException e) {
      // The database or a bug: the row comes back after a backoff instead of blocking the batch.
      LOG.error("Outbox row {} ({}) could not be delivered", item.id(), item.kind(), e);
      outcome = Outcome.retry(String.valueOf(e.getMessage()));
    }
    finish(item, outcome, now);
  }

  private void finish(Outbox.Item item, Outcome outcome, Instant now) {
    switch (outcome.kind) {
      case DONE -> outbox.sent(item.id(), now);
      case SENT -> { }
      case FAILED -> {
        LOG.error("Outbox row {} ({}) failed for good: {}", item.id(), item.kind(), Phones.maskAll(outcome.error));
        outbox.failed(item.id(), outcome.error);
      }
      case RETRY -> {
        if (item.attempts() >= settings.maxAttempts()) {
          LOG.error("Outbox row {} ({}) failed after {} attempts: {}", item.id(), item.kind(), item.attempts(),
              Phones.maskAll(outcome.error));
          outbox.failed(item.id(), outcome.error);
        } else {
          Instant next = now.plus(backoff(item.attempts()));
          LOG.warn("Outbox row {} ({}) attempt {} failed, next at {}: {}", item.id(), item.kind(), item.attempts(), next,
              Phones.maskAll(outcome.error));
          outbox.retryAt(item.id(), outcome.error, next);
        }
      }
    }
  }

  Duration backoff(int attempts) {
    Duration d = settings.firstBackoff();
    for (int i = 1; i < attempts && d.compareTo(settings.maxBackoff()) < 0; i++) {
      d = d.multipliedBy(2);
    }
    return d.compareTo(settings.maxBackoff()) > 0 ? settings.maxBackoff() : d;
  }

  // ------------------------------------------------------------------------------------ the chain

  /** The first page ({@code step} null; also a new message), or follow-up {@code step}. */
  private Outcome page(Outbox.Item item, JsonNode p, Instant now, Integer step) {
    long requestId = p.path("oncall_request").asLong();
    PageFacts facts = pageFacts(requestId);
    if (facts == null) {
      return Outcome.failed("no on-call request " + requestId);
    }
    OncallRequestRecord r = facts.request();
    if (!OnCallRequests.OPEN.contains(r.getStatus())) {
      LOG.info("Request {} is {}: {} not sent", r.getTicketNumber(), r.getStatus(), item.idempotencyKey());
      return Outcome.DONE;
    }
    Rota currentRota = rota.get();
    PagingTimings timings = currentRota.timings();
    Instant start = r.getCreatedAt().toInstant();
    int next = step == null ? 1 : step + 1;
    // The chain's next step is queued in the same transaction that writes the parts "sending":
    // whatever the provider answers, the chain goes on.
    // A request already paging keeps its status and first paged_at: no write (most pages of a burst
    // are re-pages of a request already open).
    boolean firstPage = !"paging".equals(r.getStatus()) || r.getPagedAt() == null;
    java.util.function.Consumer<DSLContext> chain = tx -> {
      if (firstPage) {
        markPaging.execute(tx, Outbox.utc(now), requestId);
      }
      schedule(tx, r.getTicketNumber(), requestId, start, next, timings);
    };

    try {
      return sendAll(item, pageParts(p, now, step, currentRota, timings, start, facts), requestId,
          r.getTicketNumber(), now, chain);
    } catch (RuntimeException e) {
      // Whatever failed (the rota, the texts, the database, a provider), the chain goes on. Queuing its
      // next step again changes nothing if the parts' transaction already did.
      try {
        database.transaction(chain);
      } catch (RuntimeException again) {
        e.addSuppressed(again);
      }
      throw e;
    }
  }

  /** The sends of a page: SMS and call to the technician on duty, and from a point in the chain a backup. */
  private List<Part> pageParts(JsonNode p, Instant now, Integer step, Rota currentRota, PagingTimings timings,
      Instant start, PageFacts facts) {
    OncallRequestRecord r = facts.request();
    OnDuty duty = onDuty(currentRota, now);
    List<Target> targets = new ArrayList<>();
    duty.primary().ifPresent(t -> targets.add(Target.of(t, null)));
    boolean backupTime = step != null && !start.plus(timings.retryInterval().multipliedBy(step)).isBefore(
        start.plus(timings.backupsAfter()));
    if (!duty.primary().isPresent() || backupTime) {
      List<Technician> backups = duty.backups();
      if (!backups.isEmpty()) {
        long k = step == null ? 0
            : (timings.retryInterval().multipliedBy(step).minus(timings.backupsAfter())).toSeconds()
                / timings.retryInterval().toSeconds();
        targets.add(Target.of(backups.get((int) Math.min(Math.max(k, 0), backups.size() - 1)), "renfort"));
      }
    }
    if (targets.isEmpty()) {
      var c = currentRota.lastResort();
      LOG.error("Nobody on duty at {} for request {}: paging the last-resort contact {}", now, r.getTicketNumber(),
          c.maskedPhone());
      targets.add(new Target("last-resort", c.name(), c.phone(), "dernier recours"));
    }

    TicketInfo info = facts.ticket();
    String reason = step != null ? "relance " + step
        : p.path("added_message").asBoolean(false) ? "nouveau message" : null;
    int messages = r.getMessageRefs() == null ? 1 : Math.max(1, r.getMessageRefs().length);
    java.util.Optional<LatestMessage> stored = facts.latestMessage();
    Integer seconds = stored.map(LatestMessage::durationSeconds).orElse(null);
    java.net.URI recording = stored.map(m -> links.messageUrl(m.msgId(), now))
        .orElseGet(() -> links.recordingUrl(r.getTicketNumber(), messages, now));
    List<Part> parts = new ArrayList<>();
    String voice = voicePage(r.getTicketNumber(), info, r.getCallbackNumber(), recording);
    for (Target t : targets) {
      String why = t.role == null ? reason : reason == null ? t.role : reason + ", " + t.role;
      String sms = PageTexts.page(why, r.getTicketNumber(), info.priority, info.account, r.getCallbackNumber(),
          step == null ? textOrNull(p, "previous_callback") : null,
          seconds);
      // Issue 15: the technician's page, appended to the text as it is (the {lien} value of the SMS).
      sms += technicianLink(r.getId(), t, start.plus(timings.takeChargeWindow()));
      parts.add(new Part("sms:" + t.id, "sms", t, sms));
      parts.add(new Part("voice:" + t.id, "voice", t, voice));
    }
    return parts;
  }

  /** " <link>" to the technician's own page of the request, or "" (no signing secret, or not a rota technician). */
  private String technicianLink(long requestId, Target t, Instant chainEnd) {
    if ("last-resort".equals(t.id)) {
      return "";
    }
    return links.technicianPage(requestId, t.id, chainEnd).map(u -> " " + u).orElse("");
  }

  /** Queues step {@code n} of the chain, or the breach when step n would fall at or past the window. */
  static void schedule(DSLContext tx, String ticket, long requestId, Instant start, int n, PagingTimings timings) {
    Instant at = start.plus(timings.retryInterval().multipliedBy(n));
    Instant windowEnd = start.plus(timings.takeChargeWindow());
    String prefix = "page:" + ticket + ":" + requestId + ":";
    Map<String, Object> payload = new LinkedHashMap<>();
    payload.put("oncall_request", requestId);
    payload.put("ticket", ticket);
    if (at.isBefore(windowEnd)) {
      payload.put("step", n);
      Outbox.enqueue(tx, FOLLOWUP, Json.object(payload), prefix + "followup:" + n, at);
    } else {
      payload.put("breach", true);
      Outbox.enqueue(tx, FOLLOWUP, Json.object(payload), prefix + "breach", windowEnd);
    }
  }

  private Outcome breach(JsonNode p, Instant now) {
    long requestId = p.path("oncall_request").asLong();
    Integer windowMinutes = (int) rota.get().timings().takeChargeWindow().toMinutes();
    boolean recorded = database.transactionResult(tx -> {
      OncallRequestRecord r = tx.update(ONCALL_REQUEST).set(ONCALL_REQUEST.BREACHED_AT, Outbox.utc(now))
          .where(ONCALL_REQUEST.ID.eq(requestId)).and(OnCallRequests.isOpen(ONCALL_REQUEST.STATUS))
          .and(ONCALL_REQUEST.BREACHED_AT.isNull())
          .returning().fetchOne();
      if (r == null) {
        return false;
      }
      tx.insertInto(TICKET_EVENT)
          .set(TICKET_EVENT.TICKET_NUMBER, r.getTicketNumber())
          .set(TICKET_EVENT.AT, Outbox.utc(now))
          .set(TICKET_EVENT.ACTOR, "astreinte")
          .set(TICKET_EVENT.KIND, "oncall_breach")
          .set(TICKET_EVENT.DETAILS, Json.object(Map.of("oncall_request", requestId, "window_minutes", windowMinutes)))
          .execute();
      LOG.warn("On-call request {} (ticket {}) not taken in charge within {} min", requestId, r.getTicketNumber(),
          windowMinutes);
      return true;
    });
    if (recorded) {
      metrics.breach();
    }
    return Outcome.DONE;
  }

  // ------------------------------------------------------------------------------ other kinds

  private Outcome orphan(Outbox.Item item, JsonNode p, Instant now) {
    // Two producers: OnCallRequests (ticket, callback) and the voicemail scan (msg_id, caller, duration);
    // the database gives each its reference (V9), which the technician answers with.
    String ref = textOrNull(p, "ref");
    if (ref == null) {
      return Outcome.failed("orphan page without a reference");
    }
    String keyed = textOrNull(p, "ticket");
    String caller = p.hasNonNull("callback") ? p.get("callback").asText() : textOrNull(p, "caller");
    Integer seconds = p.hasNonNull("duration") ? p.get("duration").asInt() : null;
    String link = p.hasNonNull("msg_id") ? " Message : " + links.messageUrl(p.get("msg_id").asText(), now) : "";
    Rota currentRota = rota.get();
    OnDuty duty = onDuty(currentRota, now);
    Target target = duty.primary().map(t -> Target.of(t, null))
        .orElseGet(() -> new Target("last-resort", currentRota.lastResort().name(), currentRota.lastResort().phone(), null));
    String sms = PageTexts.orphan(ref, keyed, caller, seconds) + link;
    String spoken = PageTexts.orphanSpoken(PageTexts.digits(ref), Phones.spoken(caller));
    return sendAll(item, List.of(new Part("sms:" + target.id, "sms", target, sms),
        new Part("voice:" + target.id, "voice", target, twiml.sayAndHangup(spoken))), null, null, now, null);
  }

  private Outcome customerSms(Outbox.Item item, JsonNode p, Instant now) {
    String to = p.path("to").asText("");
    if (to.isBlank()) {
      return Outcome.failed("customer SMS without a number");
    }
    Long requestId = p.hasNonNull("oncall_request") ? p.get("oncall_request").asLong() : null;
    return sendAll(item, List.of(new Part("sms:customer", "sms", new Target("customer", "client", to, null),
        p.path("body").asText())), requestId, textOrNull(p, "ticket"), now, null);
  }

  private Outcome escalation(Outbox.Item item, JsonNode p, Instant now) {
    String ticket = textOrNull(p, "ticket");
    String text = p.hasNonNull("message") ? p.get("message").asText()
        : PageTexts.escalation(ticket, p.hasNonNull("level") ? p.get("level").asText() : null);
    boolean voice = p.path("voice").asBoolean(false);
    List<Part> parts = new ArrayList<>();
    int i = 0;
    for (JsonNode c : p.path("contacts")) {
      i++;
      String phone = textOrNull(c, "phone");
      String name = c.path("name").asText("contact " + i);
      if (phone == null || phone.isBlank()) {
        LOG.warn("Escalation {} : contact {} has no phone, not paged (email {})", item.idempotencyKey(), name,
            c.hasNonNull("email") ? "given" : "absent");
        continue;
      }
      Target t = new Target("c" + i, name, phone, null);
      parts.add(new Part("sms:c" + i, "sms", t, text));
      if (voice) {
        parts.add(new Part("voice:c" + i, "voice", t, twiml.sayAndHangup(text)));
      }
    }
    return sendAll(item, parts, null, ticket, now, null);
  }

  private Outcome deadlineWarning(Outbox.Item item, JsonNode p, Instant now) {
    String ticket = textOrNull(p, "ticket");
    String text = p.hasNonNull("message") ? p.get("message").asText()
        : PageTexts.deadlineWarning(ticket, textOrNull(p, "deadline"));
    Rota currentRota = rota.get();
    Target target;
    if ("oncall".equals(p.path("to").asText())) {
      target = onDuty(currentRota, now).primary().map(t -> Target.of(t, null)).orElse(null);
      if (target == null) {
        LOG.error("Deadline warning {}: nobody on duty at {}", item.idempotencyKey(), now);
        return Outcome.DONE;
      }
    } else {
      String assignee = textOrNull(p, "assignee");
      if (assignee == null && ticket != null) {
        assignee = database.dsl().select(TICKET.ASSIGNEE).from(TICKET).where(TICKET.NUMBER.eq(ticket))
            .fetchOne(TICKET.ASSIGNEE);
      }
      String wanted = assignee;
      Technician tech = wanted == null ? null : currentRota.technicians().stream()
          .filter(t -> t.id().equalsIgnoreCase(wanted) || t.name().equalsIgnoreCase(wanted)).findFirst().orElse(null);
      if (tech == null) {
        // The assignee may be an agent of business hours, unknown to the rota: nobody to text.
        LOG.warn("Deadline warning {} for ticket {}: assignee {} has no phone in the rota, not sent",
            item.idempotencyKey(), ticket, wanted == null ? "(none)" : wanted);
        return Outcome.DONE;
      }
      target = Target.of(tech, null);
    }
    return sendAll(item, List.of(new Part("sms:" + target.id, "sms", target, text)), null, ticket, now, null);
  }

  // -------------------------------------------------------------------------------- sending

  /** One send of a row: an SMS or a call to one person; {@code part} names it within the row. */
  private record Part(String part, String channel, Target to, String content) {}

  /** What the provider said of a part, written after the sends. */
  private record Answer(String partKey, String status, String sid, String error) {}

  /**
   * Sends the parts of a row. Every part is written {@code sending} with its idempotency token before
   * the provider is called, in one transaction with {@code before} (the chain's own bookkeeping, or
   * null), and the provider's answers are written together afterwards: two commits per row, whatever
   * its number of parts. A part already accepted or rejected by an earlier attempt is not sent again.
   *
   * <p>A part still {@code sending} from an earlier attempt got no answer (a timeout, a broken connection,
   * a crash): the provider is asked whether it took it ({@link Pager#findSent}) and it is sent again only
   * when it did not. An attempt that gets no answer leaves its part {@code sending} for that reason.
   *
   * <p>The parts go out in parallel: a page's call never waits behind its SMS (a slow or unanswered SMS
   * request takes up to the HTTP read timeout).
   */
  private Outcome sendAll(Outbox.Item item, List<Part> parts, Long requestId, String ticket, Instant now,
      java.util.function.Consumer<DSLContext> before) {
    OffsetDateTime at = Outbox.utc(now);
    Sends sends = new Sends();
    List<String> newTokens = new ArrayList<>(parts.size());
    List<org.jooq.Record> written = database.transactionResult(tx -> {
      if (before != null) {
        before.accept(tx);
      }
      List<org.jooq.Record> rows = new ArrayList<>(parts.size());
      for (Part part : parts) {
        String partKey = item.idempotencyKey() + "|" + part.part();
        String token = item.idempotencyKey() + "#" + item.attempts() + "|" + part.part();
        newTokens.add(token);
        var returned = writeAhead.fetch(tx, item.id(), item.kind(), partKey, token, requestId, ticket, part.channel(),
            part.to().name, part.to().phone, pager.provider(), at, at);
        rows.add(returned.isEmpty() ? null : returned.get(0));
      }
      return rows;
    });
    List<java.util.concurrent.CompletableFuture<PartResult>> running = new ArrayList<>(parts.size());
    for (int i = 0; i < parts.size(); i++) {
      Part part = parts.get(i);
      String partKey = item.idempotencyKey() + "|" + part.part();
      org.jooq.Record row = written.get(i);
      if (row == null) {
        String earlier = database.dsl().select(PAGE_ATTEMPT.STATUS).from(PAGE_ATTEMPT)
            .where(PAGE_ATTEMPT.PART_KEY.eq(partKey)).fetchOne(PAGE_ATTEMPT.STATUS);
        running.add(java.util.concurrent.CompletableFuture.completedFuture(
            "accepted".equals(earlier) ? PartResult.ACCEPTED_BEFORE : PartResult.REJECTED_BEFORE));
        continue;
      }
      String token = row.get(PAGE_ATTEMPT.IDEMPOTENCY_TOKEN);
      // A kept token means the part was left "sending" by an earlier attempt: its fate is unknown.
      boolean unanswered = !token.equals(newTokens.get(i));
      Instant firstWritten = row.get(PAGE_ATTEMPT.CREATED_AT).toInstant();
      java.util.function.Supplier<PartResult> send = () -> sendPart(part, partKey, token, unanswered, firstWritten);
      running.add(parts.size() == 1 ? java.util.concurrent.CompletableFuture.completedFuture(send.get())
          : java.util.concurrent.CompletableFuture.supplyAsync(send, partSenders));
    }
    List<Answer> answers = new ArrayList<>(parts.size());
    // Anything but a provider's answer (a bug, a client closed under us) leaves that part "sending" (asked
    // about at the next attempt); the answers of the others are still written below.
    RuntimeException interrupted = null;
    for (java.util.concurrent.CompletableFuture<PartResult> f : running) {
      PartResult r;
      try {
        r = f.join();
      } catch (java.util.concurrent.CompletionException e) {
        RuntimeException cause = e.getCause() instanceof RuntimeException re ? re : new IllegalStateException(e.getCause());
        if (interrupted == null) {
          interrupted = cause;
        } else {
          interrupted.addSuppressed(cause);
        }
        continue;
      }
      if (r.answer() != null) {
        answers.add(r.answer());
      }
      switch (r.kind()) {
        case ACCEPTED -> sends.accepted++;
        case RETRYABLE -> sends.retryable = r.error();
        case PERMANENT -> sends.permanent = r.error();
        default -> { }
      }
    }
    // The answers and, when every part went out, the row's own "sent": one commit.
    Outcome outcome = sends.outcome();
    boolean done = interrupted == null && outcome.kind() == Outcome.Kind.DONE;
    if (!answers.isEmpty() || done) {
      database.transaction(tx -> {
        answers.forEach(a -> recordAnswer.execute(tx, a.status(), a.sid(), a.error(), at, a.partKey()));
        if (done) {
          Outbox.markSent(tx, item.id(), now);
        }
      });
    }
    if (interrupted != null) {
      throw interrupted;
    }
    return done ? Outcome.SENT : outcome;
  }

  /** One part: asked about first when an earlier attempt got no answer, then sent if it did not go out. */
  private PartResult sendPart(Part part, String partKey, String token, boolean unanswered, Instant firstWritten) {
    String channel = part.channel();
    Target to = part.to();
    String tag = tag(partKey);
    try {
      if (unanswered) {
        java.util.Optional<Pager.Receipt> found;
        try {
          found = pager.findSent(channel, to.phone, tag, firstWritten,
              channel.equals("voice") ? knownCallSids(to.phone, firstWritten) : java.util.Set.of());
        } catch (PagingFailure lookup) {
          // Not known either way: not sent now, still "sending", asked again at the next attempt.
          String error = Phones.maskAll(lookup.getMessage());
          return new PartResult(PartResult.Kind.RETRYABLE, new Answer(partKey, "sending", null, error),
              channel + " to " + Phones.mask(to.phone) + ": " + error);
        }
        if (found.isPresent()) {
          LOG.info("Part {} had gone out at the provider ({}): not sent again", partKey, found.get().sid());
          health.sendSucceeded(channel);
          return PartResult.accepted(new Answer(partKey, "accepted", found.get().sid(), null));
        }
      }
      Pager.Receipt receipt = channel.equals("sms") ? pager.sendSms(to.phone, part.content(), token, tag)
          : pager.placeCall(to.phone, part.content(), token);
      metrics.sent(channel);
      health.sendSucceeded(channel);
      return PartResult.accepted(new Answer(partKey, "accepted", receipt.sid(), null));
    } catch (PagingFailure f) {
      String error = Phones.maskAll(f.getMessage());
      metrics.failed(channel, f.retryable());
      health.sendFailed(channel, error);
      String what = channel + " to " + Phones.mask(to.phone) + ": " + error;
      if (f.uncertain()) {
        // No answer: the provider may have it. Left "sending", so the next attempt asks before sending.
        return new PartResult(PartResult.Kind.RETRYABLE, new Answer(partKey, "sending", null, error), what);
      }
      return f.retryable() ? new PartResult(PartResult.Kind.RETRYABLE, new Answer(partKey, "failed", null, error), what)
          : new PartResult(PartResult.Kind.PERMANENT, new Answer(partKey, "rejected", null, error), what);
    }
  }

  /** The call ids already accounted for to this number around this part: a lookup must not take one of them. */
  private java.util.Set<String> knownCallSids(String phone, Instant since) {
    return new java.util.HashSet<>(database.dsl().select(PAGE_ATTEMPT.PROVIDER_SID).from(PAGE_ATTEMPT)
        .where(PAGE_ATTEMPT.RECIPIENT_PHONE.eq(phone)).and(PAGE_ATTEMPT.CHANNEL.eq("voice"))
        .and(PAGE_ATTEMPT.PROVIDER_SID.isNotNull())
        .and(PAGE_ATTEMPT.CREATED_AT.ge(Outbox.utc(since.minus(Duration.ofHours(1)))))
        .fetch(PAGE_ATTEMPT.PROVIDER_SID));
  }

  /**
   * Eight characters unique to a part (its key hashed), the same at every attempt: carried in the SMS so a
   * lookup after an unanswered attempt recognises it.
   */
  static String tag(String partKey) {
    try {
      byte[] h = java.security.MessageDigest.getInstance("SHA-256")
          .digest(partKey.getBytes(java.nio.charset.StandardCharsets.UTF_8));
      String alphabet = "abcdefghjkmnpqrstuvwxyz23456789";
      StringBuilder sb = new StringBuilder(8);
      for (int i = 0; i < 8; i++) {
        sb.append(alphabet.charAt((h[i] & 0xff) % alphabet.length()));
      }
      return sb.toString();
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** What became of one part in this attempt. */
  private record PartResult(Kind kind, Answer answer, String error) {
    enum Kind { ACCEPTED, ACCEPTED_BEFORE, REJECTED_BEFORE, RETRYABLE, PERMANENT }

    static final PartResult ACCEPTED_BEFORE = new PartResult(Kind.ACCEPTED, null, null);
    static final PartResult REJECTED_BEFORE = new PartResult(Kind.PERMANENT, null, "rejected before");

    static PartResult accepted(Answer a) {
      return new PartResult(Kind.ACCEPTED, a, null);
    }
  }

  private String voicePage(String ticket, TicketInfo info, String callback, java.net.URI recording) {
    if (info.priority != null && Phones.isE164(callback)) {
      PageSummary summary = new PageSummary(ticket, info.priority, info.account == null ? "inconnu" : info.account,
          callback);
      return twiml.page(summary, recording, links.gatherUrl(ticket));
    }
    // Without a dialable call-back number the menu's "1 = connect" cannot work: say it and point to the SMS.
    return twiml.sayAndHangup("Alerte astreinte. Demande numéro " + PageTexts.digits(ticket)
        + ". Consultez vos SMS pour le numéro de rappel. Au revoir.");
  }

  /**
   * What a page says, in one query: the request, its ticket's priority and account, and the latest
   * stored voice message. Under a burst of registrations every page costs the database something,
   * and it shares the machine with the calls. Null when the request does not exist.
   */
  PageFacts pageFacts(long requestId) {
    var rows = facts.fetch(database.dsl(), requestId);
    if (rows.isEmpty()) {
      return null;
    }
    var row = rows.get(0);
    String priority = row.get(TICKET.PRIORITY);
    return new PageFacts(row.into(ONCALL_REQUEST),
        new TicketInfo(priority == null ? null : Priority.fromCode(priority), row.get(ACCOUNT.NAME)),
        LatestMessage.in(row));
  }

  private static org.jooq.Select<?> factsQuery(DSLContext dsl) {
    var latest = LatestMessage.of(ONCALL_REQUEST.ID).asTable(LatestMessage.TABLE);
    return dsl.select(ONCALL_REQUEST.fields()).select(TICKET.PRIORITY, ACCOUNT.NAME)
        .select(LatestMessage.MSG_ID, LatestMessage.DURATION)
        .from(ONCALL_REQUEST)
        .leftJoin(TICKET).on(TICKET.NUMBER.eq(ONCALL_REQUEST.TICKET_NUMBER))
        .leftJoin(ACCOUNT).on(ACCOUNT.ID.eq(TICKET.ACCOUNT_ID))
        .leftJoin(DSL.lateral(latest)).on(DSL.trueCondition())
        .where(ONCALL_REQUEST.ID.eq(DSL.param("request", ONCALL_REQUEST.ID)));
  }


  record PageFacts(OncallRequestRecord request, TicketInfo ticket, java.util.Optional<LatestMessage> latestMessage) {}

  record TicketInfo(Priority priority, String account) {}

  private static String textOrNull(JsonNode n, String field) {
    return n.hasNonNull(field) ? n.get(field).asText() : null;
  }

  /** Someone to page; {@code id} names the part of the row (never the phone number: it ends up in logs). */
  private record Target(String id, String name, String phone, String role) {
    static Target of(Technician t, String role) {
      return new Target(t.id().toLowerCase(Locale.ROOT), t.name(), t.mobile(), role);
    }
  }

  private static final class Sends {
    int accepted;
    String retryable;
    String permanent;

    Outcome outcome() {
      if (retryable != null) {
        return Outcome.retry(retryable);
      }
      if (permanent != null && accepted == 0) {
        return Outcome.failed(permanent);
      }
      return Outcome.DONE;
    }
  }

  private record Outcome(Kind kind, String error) {
    /** {@code SENT}: done, and the outbox row already marked so in the same transaction as the answers. */
    enum Kind { DONE, SENT, RETRY, FAILED }

    static final Outcome DONE = new Outcome(Kind.DONE, null);
    static final Outcome SENT = new Outcome(Kind.SENT, null);

    static Outcome retry(String error) {
      return new Outcome(Kind.RETRY, error);
    }

    static Outcome failed(String error) {
      return new Outcome(Kind.FAILED, error);
    }
  }
}

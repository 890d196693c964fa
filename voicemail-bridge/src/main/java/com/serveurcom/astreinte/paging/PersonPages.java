package com.serveurcom.astreinte.paging;

import static com.serveurcom.astreinte.database.generated.Tables.ONCALL_REQUEST;
import static com.serveurcom.astreinte.database.generated.Tables.OUTBOX;
import static com.serveurcom.astreinte.database.generated.Tables.PAGE_ATTEMPT;
import static com.serveurcom.astreinte.database.generated.Tables.TICKET;

import com.serveurcom.astreinte.database.Database;
import com.serveurcom.astreinte.database.Timestamps;
import com.serveurcom.astreinte.oncall.OnCallRequests;
import com.serveurcom.astreinte.outbox.Outbox;
import com.serveurcom.astreinte.outbox.OutboxMessage;
import com.serveurcom.astreinte.rota.PageLimits;
import com.serveurcom.astreinte.rota.Rota;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Supplier;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.impl.DSL;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The person-level step of paging (issue 13, a page storm stays humane), between a request's page chain
 * and the provider sends.
 *
 * <p>A chain's send to a person goes out at once when nothing holds it, exactly as before. It is held
 * ({@link #hold}, in the chain's own transaction, before its sends are written ahead) when another
 * request already waits for that person on that channel, when a call to them is under way (voice), or
 * when a rate limit of the channel ({@link PageLimits}: per person and for the whole server, counted
 * from {@code page_attempt}, the record every instance shares) is reached. A held send becomes a
 * {@code page_wait} row ("request R wants person P paged on channel C") and, unless one is already
 * waiting to be sent, a {@link OutboxMessage.PersonPage} row due when the limits allow.
 *
 * <p>That row ({@link #handle}) sends one SMS listing every request waiting for the person, or one call
 * presenting them one after the other, and marks the waits covered by it in the transaction that writes
 * the send ahead: the write-ahead, the idempotency tokens and the retries of {@link PartSender} are
 * unchanged. Every decision is taken under a transaction-scoped advisory lock per channel, so two
 * instances never both send past a limit, nor both cover the same wait. Nothing is dropped: a send past
 * a limit is put off ({@link Outcome.Kind#DEFERRED}, the attempt not counted), and a request's chain
 * (re-pages, backups, breach at 30 minutes) runs on its own clock whatever happens here.
 */
final class PersonPages {
  private static final Logger LOG = LoggerFactory.getLogger(PersonPages.class);

  /** How soon a person page held by a call under way looks again (the call's end is not announced to it). */
  static final Duration CALL_POLL = Duration.ofSeconds(20);
  /**
   * Requests one covering call presents at most; the others wait for the next call. Twilio's covering call
   * carries the numbers still to present in its gather URL (TwiML is limited to 4 000 characters: 200
   * numbers take about 1 800). Calls are few under the limits (4 per 15 minutes by default): a call must
   * cover a whole storm, the technician skips with 3 or answers the SMS with OK TOUT.
   */
  static final int CALL_COVERS = 200;
  /** Marks the key of a person page: {@code page:<ticket>|groupe:<channel>:<person>:<wait>}. */
  static final String KEY_MARK = "|groupe:";

  /** The jOOQ table of V12 and its columns, named for this class's queries. */
  static final com.serveurcom.astreinte.database.generated.tables.PageWait PAGE_WAIT =
      com.serveurcom.astreinte.database.generated.Tables.PAGE_WAIT;
  static final Field<Long> W_ID = PAGE_WAIT.ID;
  static final Field<Long> W_REQUEST = PAGE_WAIT.ONCALL_REQUEST_ID;
  static final Field<String> W_TICKET = PAGE_WAIT.TICKET_NUMBER;
  static final Field<Integer> W_STEP = PAGE_WAIT.STEP;
  static final Field<String> W_CHANNEL = PAGE_WAIT.CHANNEL;
  static final Field<String> W_PERSON = PAGE_WAIT.PERSON_ID;
  static final Field<String> W_NAME = PAGE_WAIT.PERSON_NAME;
  static final Field<String> W_PHONE = PAGE_WAIT.PERSON_PHONE;
  static final Field<String> W_ROLE = PAGE_WAIT.PERSON_ROLE;
  static final Field<java.time.OffsetDateTime> W_WANTED = PAGE_WAIT.WANTED_AT;
  static final Field<Long> W_COVERED_BY = PAGE_WAIT.COVERED_BY;
  static final Field<java.time.OffsetDateTime> W_COVERED_AT = PAGE_WAIT.COVERED_AT;

  /** What a person page says about one request: built by the chain, which knows requests. */
  interface Content {
    /** The request's own parts for one person and channel (one request waiting: the usual page). */
    List<Part> single(long requestId, Recipient who, Integer step, String channel, Instant now);

    /** The grouped SMS, or the covering call, of several requests (in the order they waited). */
    Part grouped(List<Long> requestIds, Recipient who, String channel, Instant now);
  }

  private final Database database;
  private final Supplier<Rota> rota;
  private final PartSender sender;
  private final PagingMetrics metrics;
  private Content content;

  PersonPages(Database database, Supplier<Rota> rota, PartSender sender, PagingMetrics metrics) {
    this.database = Objects.requireNonNull(database, "database");
    this.rota = Objects.requireNonNull(rota, "rota");
    this.sender = Objects.requireNonNull(sender, "sender");
    this.metrics = Objects.requireNonNull(metrics, "metrics");
  }

  /** Set once by the chain that builds the texts (it is built with this step). */
  void content(Content c) {
    this.content = Objects.requireNonNull(c, "content");
  }

  /** A send put off on purpose: the row comes back at {@code at}. */
  static final class Held extends RuntimeException {
    final transient Instant at;

    Held(Instant at, String why) {
      super(why, null, false, false);
      this.at = at;
    }
  }

  /**
   * In the chain's transaction, before its sends are written ahead: the parts of {@code parts} that may
   * not go out now, recorded as waits (and a person page queued for them). The others go out as usual.
   */
  Set<String> hold(DSLContext tx, Outbox.Item item, List<Part> parts, long requestId, String ticket, Integer step,
      Instant now) {
    PageLimits limits = rota.get().limits();
    lockChannels(tx, parts.stream().map(Part::channel).distinct().sorted().toList());
    Set<String> held = new HashSet<>();
    for (Part part : parts) {
      String partKey = item.idempotencyKey() + "|" + part.name();
      if (tx.fetchExists(PAGE_ATTEMPT, PAGE_ATTEMPT.PART_KEY.eq(partKey))) {
        continue; // written ahead by an earlier attempt of this row: its retry is not held
      }
      String channel = part.channel();
      Recipient who = part.to();
      boolean othersWaiting = waiting(tx, who.phone(), channel);
      Instant callEnds = channel.equals("voice") ? callUnderWay(tx, who.phone(), now, limits) : null;
      Instant allowed = nextAllowed(tx, who.phone(), channel, now, limits);
      if (!othersWaiting && callEnds == null && !allowed.isAfter(now)) {
        continue;
      }
      long waitId = tx.insertInto(PAGE_WAIT)
          .set(W_REQUEST, requestId).set(W_TICKET, ticket).set(W_STEP, step).set(W_CHANNEL, channel)
          .set(W_PERSON, who.id()).set(W_NAME, who.name()).set(W_PHONE, who.phone()).set(W_ROLE, who.role().name())
          .set(W_WANTED, Timestamps.utc(now))
          .returningResult(W_ID).fetchOne(W_ID);
      Instant due = callEnds != null && callEnds.isAfter(allowed) ? now.plus(CALL_POLL) : allowed;
      boolean queued = queueUnlessWaiting(tx, ticket, who, channel, waitId, due);
      held.add(part.name());
      metrics.held(channel);
      LOG.info("Demande {} : {} vers {} regroupé ({}), envoi groupé {}", ticket, channel, who.id(),
          othersWaiting ? "d'autres demandes l'attendent" : callEnds != null ? "appel en cours" : "limite d'envoi",
          queued ? "prévu à " + due : "déjà prévu");
    }
    return held;
  }

  /** Queues a person page for these waits unless one is pending that has not covered anything yet. */
  private static boolean queueUnlessWaiting(DSLContext tx, String ticket, Recipient who, String channel, long waitId,
      Instant due) {
    boolean pending = tx.fetchExists(DSL.selectOne().from(OUTBOX)
        .where(OUTBOX.KIND.eq(OutboxMessage.Kind.PERSON_PAGE.code())).and(OUTBOX.STATUS.eq("pending"))
        .and(DSL.condition("{0} ->> 'phone' = {1}", OUTBOX.PAYLOAD, DSL.val(who.phone())))
        .and(DSL.condition("{0} ->> 'channel' = {1}", OUTBOX.PAYLOAD, DSL.val(channel)))
        .andNotExists(DSL.selectOne().from(PAGE_WAIT).where(W_COVERED_BY.eq(OUTBOX.ID))));
    if (pending) {
      return false;
    }
    Outbox.enqueue(tx, new OutboxMessage.PersonPage(who.id(), who.name(), who.phone(), who.role().name(), channel),
        "page:" + ticket + KEY_MARK + channel + ":" + who.id() + ":" + waitId, due);
    return true;
  }

  /**
   * A person page: one SMS, or one call, covering every request waiting for the person; put off while a
   * limit or a call under way holds it.
   */
  Outcome handle(Outbox.Item item, OutboxMessage.PersonPage p, Instant now) {
    PageLimits limits = rota.get().limits();
    String channel = p.channel();
    // A retry of a send already decided keeps what it covered (and its parts' keys): never held again.
    List<org.jooq.Record4<Long, Long, String, Integer>> covered = database.dsl()
        .select(W_ID, W_REQUEST, W_TICKET, W_STEP).from(PAGE_WAIT)
        .where(W_COVERED_BY.eq(item.id())).orderBy(W_WANTED, W_ID).fetch();
    boolean retry = !covered.isEmpty();
    List<org.jooq.Record4<Long, Long, String, Integer>> waits = retry ? covered : database.dsl().select(W_ID, W_REQUEST, W_TICKET, W_STEP).from(PAGE_WAIT)
        .join(ONCALL_REQUEST).on(ONCALL_REQUEST.ID.eq(W_REQUEST))
        .leftJoin(TICKET).on(TICKET.NUMBER.eq(ONCALL_REQUEST.TICKET_NUMBER))
        .where(waitingFor(p.phone(), channel))
        // The most urgent first (a total outage before a degraded service), then the oldest request.
        .orderBy(urgency(TICKET.PRIORITY), ONCALL_REQUEST.CREATED_AT, ONCALL_REQUEST.ID, W_ID).fetch();
    if (waits.isEmpty()) {
      LOG.info("Envoi groupé {} vers {} : plus aucune demande en attente", channel, p.person());
      return Outcome.DONE;
    }
    if (!retry && channel.equals("voice")) {
      // One call presents at most CALL_COVERS requests (the most urgent first); the others wait for the next.
      Set<Long> kept = new java.util.LinkedHashSet<>();
      List<org.jooq.Record4<Long, Long, String, Integer>> first = new ArrayList<>();
      for (var w : waits) {
        if (kept.contains(w.get(W_REQUEST)) || kept.size() < CALL_COVERS) {
          kept.add(w.get(W_REQUEST));
          first.add(w);
        }
      }
      waits = first;
    }
    if (!retry) {
      Instant free = freeAt(database.dsl(), p.phone(), channel, now, limits);
      if (free.isAfter(now)) {
        return Outcome.deferredTo(free);
      }
    }
    List<Long> ids = waits.stream().map(r -> r.get(W_ID)).toList();
    List<Long> requests = waits.stream().map(r -> r.get(W_REQUEST)).distinct().toList();
    Recipient who = new Recipient(p.person(), p.name(), p.phone(), Recipient.Role.valueOf(p.role()));
    List<Part> parts = requests.size() == 1
        ? content.single(requests.get(0), who, waits.get(waits.size() - 1).get(W_STEP), channel, now).stream()
            .filter(x -> x.channel().equals(channel)).toList()
        : List.of(content.grouped(requests, who, channel, now));
    String firstTicket = waits.get(0).get(W_TICKET);
    long firstRequest = waits.get(0).get(W_REQUEST);
    try {
      Outcome o = sender.sendHolding(item, parts, firstRequest, firstTicket, now, tx -> {
        lockChannels(tx, List.of(channel));
        if (!retry) {
          Instant free = freeAt(tx, p.phone(), channel, now, limits);
          if (free.isAfter(now)) {
            throw new Held(free, "limite d'envoi");
          }
          int claimed = tx.update(PAGE_WAIT).set(W_COVERED_BY, item.id()).set(W_COVERED_AT, Timestamps.utc(now))
              .where(W_ID.in(ids)).and(W_COVERED_BY.isNull()).execute();
          if (claimed != ids.size()) {
            throw new Held(now, "attentes couvertes entre-temps");
          }
          // Waits that came after this send was put together get their own person page.
          var later = tx.select(W_ID, W_TICKET).from(PAGE_WAIT).join(ONCALL_REQUEST)
              .on(ONCALL_REQUEST.ID.eq(W_REQUEST)).where(waitingFor(p.phone(), channel)).orderBy(W_ID).limit(1).fetch();
          if (!later.isEmpty()) {
            queueUnlessWaiting(tx, later.get(0).get(W_TICKET), who, channel, later.get(0).get(W_ID),
                freeAfterThis(now, channel, limits));
          }
        }
        return Set.of();
      });
      if (!retry && requests.size() > 1) {
        metrics.grouped(channel, requests.size());
        LOG.info("Envoi groupé {} vers {} : {} demandes en un seul envoi", channel, p.person(), requests.size());
      }
      return o;
    } catch (Held h) {
      return Outcome.deferredTo(h.at);
    }
  }

  /** The order grouped sends present requests in: high, medium, then low or unknown priority. */
  static Field<Integer> urgency(Field<String> priority) {
    return DSL.when(priority.eq(DSL.inline("high")), DSL.inline(0))
        .when(priority.eq(DSL.inline("medium")), DSL.inline(1)).otherwise(DSL.inline(2));
  }

  /** A wait of this person and channel not covered yet, whose request is still open. */
  private static Condition waitingFor(String phone, String channel) {
    return W_PHONE.eq(phone).and(W_CHANNEL.eq(channel)).and(W_COVERED_BY.isNull())
        .and(OnCallRequests.isOpen(ONCALL_REQUEST.STATUS));
  }

  private static boolean waiting(DSLContext tx, String phone, String channel) {
    return tx.fetchExists(DSL.selectOne().from(PAGE_WAIT).join(ONCALL_REQUEST).on(ONCALL_REQUEST.ID.eq(W_REQUEST))
        .where(waitingFor(phone, channel)));
  }

  /** When the person's next send on the channel is allowed: the limits, and for calls the call under way. */
  private static Instant freeAt(DSLContext tx, String phone, String channel, Instant now, PageLimits limits) {
    Instant allowed = nextAllowed(tx, phone, channel, now, limits);
    Instant callEnds = channel.equals("voice") ? callUnderWay(tx, phone, now, limits) : null;
    if (callEnds != null) {
      Instant poll = now.plus(CALL_POLL);
      return poll.isAfter(allowed) ? poll : allowed;
    }
    return allowed;
  }

  /** A rough due time for the person page of waits that came during a send: after this one's smallest window. */
  private static Instant freeAfterThis(Instant now, String channel, PageLimits limits) {
    return limits.perPerson(channel).stream().map(PageLimits.Rule::per).min(Duration::compareTo)
        .map(now::plus).orElse(now);
  }

  /**
   * The later of the per-person and the global limits of the channel, from the sends written ahead. Only
   * the newest sends a rule can count are read (as many as its largest count, within its longest period):
   * a storm's history costs two short index scans, not a read of every send.
   */
  static Instant nextAllowed(DSLContext tx, String phone, String channel, Instant now, PageLimits limits) {
    Instant person = PageLimits.nextAllowed(limits.perPerson(channel),
        newestSends(tx, PAGE_ATTEMPT.RECIPIENT_PHONE.eq(phone), channel, now, limits.perPerson(channel)), now);
    Instant global = PageLimits.nextAllowed(limits.global(channel),
        newestSends(tx, DSL.noCondition(), channel, now, limits.global(channel)), now);
    return person.isAfter(global) ? person : global;
  }

  private static List<Instant> newestSends(DSLContext tx, Condition whose, String channel, Instant now,
      List<PageLimits.Rule> rules) {
    if (rules.isEmpty()) {
      return List.of();
    }
    int most = rules.stream().mapToInt(PageLimits.Rule::count).max().orElse(0);
    Duration longest = rules.stream().map(PageLimits.Rule::per).max(Duration::compareTo).orElseThrow();
    return tx.select(PAGE_ATTEMPT.CREATED_AT).from(PAGE_ATTEMPT)
        .where(PAGE_ATTEMPT.CHANNEL.eq(channel)).and(whose)
        .and(PAGE_ATTEMPT.CREATED_AT.gt(Timestamps.utc(now.minus(longest))))
        .orderBy(PAGE_ATTEMPT.CREATED_AT.desc()).limit(most)
        .fetch(r -> r.value1().toInstant());
  }

  /**
   * A call to this number still under way (written ahead or placed, no final status yet, younger than
   * {@link PageLimits#callUnderWay()}): when it is taken as ended at the latest; null when there is none.
   */
  static Instant callUnderWay(DSLContext tx, String phone, Instant now, PageLimits limits) {
    java.time.OffsetDateTime latest = tx.select(DSL.max(PAGE_ATTEMPT.CREATED_AT)).from(PAGE_ATTEMPT)
        .where(PAGE_ATTEMPT.CHANNEL.eq("voice")).and(PAGE_ATTEMPT.RECIPIENT_PHONE.eq(phone))
        .and(PAGE_ATTEMPT.STATUS.in("sending", "accepted"))
        .and(PAGE_ATTEMPT.DELIVERY_STATUS.isNull().or(PAGE_ATTEMPT.DELIVERY_STATUS.in(CALL_GOING_ON)))
        .and(PAGE_ATTEMPT.CREATED_AT.gt(Timestamps.utc(now.minus(limits.callUnderWay()))))
        .fetchOne(0, java.time.OffsetDateTime.class);
    return latest == null ? null : latest.toInstant().plus(limits.callUnderWay());
  }

  /** Statuses of a call not over yet (Twilio's callbacks, and the PBX's {@code answered}). */
  static final List<String> CALL_GOING_ON = List.of("queued", "initiated", "ringing", "in-progress", "answered");

  /**
   * One lock per channel for the length of the transaction, always taken in the same order: every hold
   * and every person page of a channel decide one after the other, whichever instance runs them.
   */
  private static void lockChannels(DSLContext tx, List<String> channels) {
    for (String c : channels) {
      tx.execute("select pg_advisory_xact_lock(hashtext({0}))", DSL.inline("astreinte:page:" + c));
    }
  }
}

package com.serveurcom.astreinte.paging;

import static com.serveurcom.astreinte.database.generated.Tables.PAGE_ATTEMPT;

import com.serveurcom.astreinte.database.Timestamps;
import com.serveurcom.astreinte.database.Database;
import com.serveurcom.astreinte.database.PrerenderedQuery;
import com.serveurcom.astreinte.outbox.Outbox;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.jooq.DSLContext;
import org.jooq.Record;
import org.jooq.impl.DSL;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends the parts of an outbox row with the write-ahead of {@code page_attempt}. Each part is a row keyed
 * by (outbox key, part): written {@code sending} with its idempotency token before the pager is called,
 * then {@code accepted}, {@code failed} or {@code rejected}. A retry of the outbox row skips what was
 * accepted or rejected and resends what failed with a new token ({@code <outbox key>#<attempt>|<part>});
 * a part found {@code sending} got no answer (a timeout, a crash between the answer and our write): the
 * pager is asked whether it took it before it is sent again.
 */
final class PartSender {
  private static final Logger LOG = LoggerFactory.getLogger(PartSender.class);

  private final Database database;
  private final Pager pager;
  private final PagingMetrics metrics;
  private final PagingHealth health;
  /** Sends the parts of a row side by side (the engine's delivery threads wait for them). */
  private final ExecutorService partThreads;
  private final PrerenderedQuery writeAhead;
  private final PrerenderedQuery recordAnswer;

  PartSender(Database database, Pager pager, PagingMetrics metrics, PagingHealth health, ExecutorService partThreads) {
    this.database = Objects.requireNonNull(database, "database");
    this.pager = Objects.requireNonNull(pager, "pager");
    this.metrics = Objects.requireNonNull(metrics, "metrics");
    this.health = Objects.requireNonNull(health, "health");
    this.partThreads = Objects.requireNonNull(partThreads, "partThreads");
    DSLContext dsl = database.dsl();
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
        .set(PAGE_ATTEMPT.PROVIDER, DSL.coalesce(DSL.param("provider", PAGE_ATTEMPT.PROVIDER), PAGE_ATTEMPT.PROVIDER))
        .set(PAGE_ATTEMPT.UPDATED_AT, DSL.param("at", PAGE_ATTEMPT.UPDATED_AT))
        .where(PAGE_ATTEMPT.PART_KEY.eq(DSL.param("part", PAGE_ATTEMPT.PART_KEY))),
        "status", "sid", "error", "provider", "at", "part");
  }

  /** What the provider said of a part, written after the sends. */
  private record Answer(String partKey, String status, String sid, String error, String provider) {
    Answer(String partKey, String status, String sid, String error) {
      this(partKey, status, sid, error, null);
    }
  }

  /** {@link #send(Outbox.Item, List, Long, String, Instant, Consumer)} with no bookkeeping of the caller. */
  Outcome send(Outbox.Item item, List<Part> parts, Long requestId, String ticket, Instant now) {
    return send(item, parts, requestId, ticket, now, null);
  }

  /**
   * Sends the parts of a row. Every part is written {@code sending} with its idempotency token before
   * the provider is called, in one transaction with {@code before} (the chain's own bookkeeping, or
   * null), and the provider's answers are written together afterwards: two commits per row, whatever
   * its number of parts. The parts go out in parallel: a page's call never waits behind its SMS (a slow
   * or unanswered SMS request takes up to the HTTP read timeout).
   */
  Outcome send(Outbox.Item item, List<Part> parts, Long requestId, String ticket, Instant now,
      Consumer<DSLContext> before) {
    return sendHolding(item, parts, requestId, ticket, now, tx -> {
      if (before != null) {
        before.accept(tx);
      }
      return Set.of();
    });
  }

  /**
   * {@link #send(Outbox.Item, List, Long, String, Instant, Consumer)} where the caller's bookkeeping, run
   * first in the write-ahead's transaction, names the parts that must not go out now (issue 13: a send to
   * a person held by a rate limit or a call under way, recorded by the caller as a wait in the same
   * transaction). Held parts are neither written ahead nor sent; the row is done when the others are.
   */
  Outcome sendHolding(Outbox.Item item, List<Part> allParts, Long requestId, String ticket, Instant now,
      java.util.function.Function<DSLContext, Set<String>> beforeHolding) {
    OffsetDateTime at = Timestamps.utc(now);
    List<String> newTokens = new ArrayList<>(allParts.size());
    List<Part> parts = new ArrayList<>(allParts.size());
    List<Record> written = database.transactionResult(tx -> {
      Set<String> held = beforeHolding == null ? Set.of() : beforeHolding.apply(tx);
      newTokens.clear();
      parts.clear();
      allParts.stream().filter(p -> !held.contains(p.name())).forEach(parts::add);
      List<Record> rows = new ArrayList<>(parts.size());
      for (Part part : parts) {
        String token = item.idempotencyKey() + "#" + item.attempts() + "|" + part.name();
        newTokens.add(token);
        var returned = writeAhead.fetch(tx, item.id(), item.kind(), partKey(item, part), token, requestId, ticket,
            part.channel(), part.to().name(), part.to().phone(), pager.provider(part.channel()), at, at);
        rows.add(returned.isEmpty() ? null : returned.get(0));
      }
      return rows;
    });
    // What the row's calls say decides which voice provider can place them (the PBX has no speech).
    CallKind callKind = com.serveurcom.astreinte.outbox.OutboxMessage.Kind.fromCode(item.kind()).map(CallKind::of)
        .orElse(CallKind.PAGE);
    List<CompletableFuture<PartResult>> running = new ArrayList<>(parts.size());
    for (int i = 0; i < parts.size(); i++) {
      Part part = parts.get(i);
      String partKey = partKey(item, part);
      Record row = written.get(i);
      if (row == null) {
        String earlier = database.dsl().select(PAGE_ATTEMPT.STATUS).from(PAGE_ATTEMPT)
            .where(PAGE_ATTEMPT.PART_KEY.eq(partKey)).fetchOne(PAGE_ATTEMPT.STATUS);
        running.add(CompletableFuture.completedFuture(
            "accepted".equals(earlier) ? PartResult.ACCEPTED_BEFORE : PartResult.REJECTED_BEFORE));
        continue;
      }
      String token = row.get(PAGE_ATTEMPT.IDEMPOTENCY_TOKEN);
      // A kept token means the part was left "sending" by an earlier attempt: its fate is unknown.
      boolean unanswered = !token.equals(newTokens.get(i));
      Instant firstWritten = row.get(PAGE_ATTEMPT.CREATED_AT).toInstant();
      Supplier<PartResult> send = () -> sendPart(part, partKey, token, unanswered, firstWritten, callKind);
      running.add(parts.size() == 1 ? CompletableFuture.completedFuture(send.get())
          : CompletableFuture.supplyAsync(send, partThreads));
    }
    Sends sends = new Sends();
    List<Answer> answers = new ArrayList<>(parts.size());
    // Anything but a provider's answer (a bug, a client closed under us) leaves that part "sending" (asked
    // about at the next attempt); the answers of the others are still written below.
    RuntimeException interrupted = null;
    for (CompletableFuture<PartResult> f : running) {
      PartResult r;
      try {
        r = f.join();
      } catch (CompletionException e) {
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
        answers.forEach(a -> recordAnswer.execute(tx, a.status(), a.sid(), a.error(), a.provider(), at, a.partKey()));
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

  private static String partKey(Outbox.Item item, Part part) {
    return item.idempotencyKey() + "|" + part.name();
  }

  /** One part: asked about first when an earlier attempt got no answer, then sent if it did not go out. */
  private PartResult sendPart(Part part, String partKey, String token, boolean unanswered, Instant firstWritten,
      CallKind callKind) {
    String channel = part.channel();
    String phone = part.to().phone();
    String tag = tag(partKey);
    try {
      if (unanswered) {
        Optional<Pager.Receipt> found;
        try {
          found = pager.findSent(channel, phone, tag, firstWritten,
              channel.equals("voice") ? knownCallSids(phone, firstWritten) : Set.of());
        } catch (PagingFailure lookup) {
          // Not known either way: not sent now, still "sending", asked again at the next attempt.
          String error = Phones.maskAll(lookup.getMessage());
          return new PartResult(PartResult.Kind.RETRYABLE, new Answer(partKey, "sending", null, error),
              channel + " vers " + Phones.mask(phone) + " : " + error);
        }
        if (found.isPresent()) {
          LOG.info("envoi {} déjà parti chez le fournisseur ({}) : non renvoyé", partKey, found.get().sid());
          health.sendSucceeded(channel);
          return PartResult.accepted(new Answer(partKey, "accepted", found.get().sid(), null));
        }
      }
      Pager.Receipt receipt = channel.equals("sms") ? pager.sendSms(phone, part.content(), token, tag)
          : pager.placeCall(phone, part.content(), token, callKind);
      metrics.sent(channel);
      health.sendSucceeded(channel);
      return PartResult.accepted(new Answer(partKey, "accepted", receipt.sid(), null, receipt.provider()));
    } catch (PagingFailure f) {
      String error = Phones.maskAll(f.getMessage());
      metrics.failed(channel, f.retryable());
      health.sendFailed(channel, error);
      String what = channel + " vers " + Phones.mask(phone) + " : " + error;
      if (f.uncertain()) {
        // No answer: the provider may have it. Left "sending", so the next attempt asks before sending.
        return new PartResult(PartResult.Kind.RETRYABLE, new Answer(partKey, "sending", null, error), what);
      }
      return f.retryable() ? new PartResult(PartResult.Kind.RETRYABLE, new Answer(partKey, "failed", null, error), what)
          : new PartResult(PartResult.Kind.PERMANENT, new Answer(partKey, "rejected", null, error), what);
    }
  }

  /** The call ids already accounted for to this number around this part: a lookup must not take one of them. */
  private Set<String> knownCallSids(String phone, Instant since) {
    return new HashSet<>(database.dsl().select(PAGE_ATTEMPT.PROVIDER_SID).from(PAGE_ATTEMPT)
        .where(PAGE_ATTEMPT.RECIPIENT_PHONE.eq(phone)).and(PAGE_ATTEMPT.CHANNEL.eq("voice"))
        .and(PAGE_ATTEMPT.PROVIDER_SID.isNotNull())
        .and(PAGE_ATTEMPT.CREATED_AT.ge(Timestamps.utc(since.minus(Duration.ofHours(1)))))
        .fetch(PAGE_ATTEMPT.PROVIDER_SID));
  }

  /**
   * The part key of an idempotency token ({@code <outbox key>#<attempt>|<part>} to {@code <outbox key>|<part>}):
   * a provider that learns a call's fate later records it on the part by the token it was given.
   */
  static String partKeyOfToken(String token) {
    int hash = token.lastIndexOf('#');
    int bar = hash < 0 ? -1 : token.indexOf('|', hash);
    if (hash < 0 || bar < 0) {
      throw new IllegalArgumentException("not an idempotency token of a part: " + token);
    }
    return token.substring(0, hash) + token.substring(bar);
  }

  /**
   * Eight characters unique to a part (its key hashed), the same at every attempt: carried in the SMS so a
   * lookup after an unanswered attempt recognises it.
   */
  static String tag(String partKey) {
    try {
      byte[] h = MessageDigest.getInstance("SHA-256").digest(partKey.getBytes(StandardCharsets.UTF_8));
      String alphabet = "abcdefghjkmnpqrstuvwxyz23456789";
      StringBuilder sb = new StringBuilder(8);
      for (int i = 0; i < 8; i++) {
        sb.append(alphabet.charAt((h[i] & 0xff) % alphabet.length()));
      }
      return sb.toString();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** What became of one part in this attempt. */
  private record PartResult(Kind kind, Answer answer, String error) {
    enum Kind { ACCEPTED, RETRYABLE, PERMANENT }

    static final PartResult ACCEPTED_BEFORE = new PartResult(Kind.ACCEPTED, null, null);
    static final PartResult REJECTED_BEFORE = new PartResult(Kind.PERMANENT, null, "rejected before");

    static PartResult accepted(Answer a) {
      return new PartResult(Kind.ACCEPTED, a, null);
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
}

package com.serveurcom.astreinte.outbox;

import static com.serveurcom.astreinte.database.generated.Tables.ENGINE_INSTANCE;
import com.serveurcom.astreinte.database.Timestamps;
import static com.serveurcom.astreinte.database.generated.Tables.OUTBOX;
import static com.serveurcom.astreinte.database.Timestamps.utc;

import com.serveurcom.astreinte.database.Database;
import com.serveurcom.astreinte.database.PrerenderedQuery;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.jooq.DSLContext;
import org.jooq.JSONB;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;

/**
 * The transactional outbox: work for the outside world (pages, escalation notices, customer
 * SMS) written in the same transaction as the business change that causes it, then sent by a
 * retrying worker. Rows are claimed with {@code FOR UPDATE SKIP LOCKED} and a lease, so two
 * server instances never send the same row at once and a crashed worker's rows come back.
 */
public final class Outbox {

  /** A row as a worker sees it; {@link #message} reads its payload. */
  public record Item(long id, String kind, int payloadVersion, String payload, String idempotencyKey, int attempts,
      Instant createdAt) {
    /**
     * The row's message.
     *
     * @throws OutboxCodec.UnknownVersion    for a payload version this build does not know
     * @throws OutboxCodec.UnreadablePayload for a payload that does not fit its kind's record
     */
    public OutboxMessage message() {
      return CODEC.decode(kind, payloadVersion, payload);
    }
  }

  /** Stateless and thread-safe: one for the process is enough. */
  private static final OutboxCodec CODEC = new OutboxCodec();

  private final Database database;

  public Outbox(Database database) {
    this.database = database;
  }

  /**
   * Queues a row inside the caller's transaction. Package-private: outside this package a row is always
   * one of the {@link OutboxMessage} records, written by the codec.
   *
   * @return false when a row with this idempotency key already exists (nothing is written)
   */
  static boolean enqueue(DSLContext tx, String kind, JSONB payload, String idempotencyKey, Instant notBefore) {
    OffsetDateTime at = utc(notBefore);
    return ENQUEUE.execute(tx, kind, payload, idempotencyKey, at, at) == 1;
  }

  /**
   * Queues a message inside the caller's transaction.
   *
   * @return false when a row with this idempotency key already exists (nothing is written)
   */
  public static boolean enqueue(DSLContext tx, OutboxMessage message, String idempotencyKey, Instant notBefore) {
    return enqueue(tx, message.kind().code(), CODEC.encode(message), idempotencyKey, notBefore);
  }

  /** A row to queue with {@link #enqueueAll}. */
  public record NewRow(String kind, JSONB payload, String idempotencyKey, Instant notBefore) {
    public NewRow(OutboxMessage message, String idempotencyKey, Instant notBefore) {
      this(message.kind().code(), CODEC.encode(message), idempotencyKey, notBefore);
    }
  }

  /**
   * Queues several rows in one statement (the escalation engine writes a pass's notices at once).
   *
   * @return the keys actually inserted; a key already present means that row was queued before
   */
  public static Set<String> enqueueAll(DSLContext tx, List<NewRow> rows) {
    if (rows.isEmpty()) {
      return Set.of();
    }
    return new HashSet<>(tx.resultQuery("insert into outbox (kind, payload, idempotency_key, next_attempt_at, created_at, "
            + "payload_version) select k, p::jsonb, key, t, t, " + OutboxCodec.VERSION + " from unnest(?::text[], ?::text[], ?::text[], ?::timestamptz[]) "
            + "as u(k, p, key, t) on conflict (idempotency_key) do nothing returning idempotency_key",
            rows.stream().map(NewRow::kind).toArray(String[]::new),
            rows.stream().map(r -> r.payload().data()).toArray(String[]::new),
            rows.stream().map(NewRow::idempotencyKey).toArray(String[]::new),
            rows.stream().map(r -> utc(r.notBefore())).toArray(OffsetDateTime[]::new))
        .fetch(0, String.class));
  }

  /** Rendered once: every registration's page and every step of a chain goes through here. */
  private static final PrerenderedQuery ENQUEUE = new PrerenderedQuery(
      DSL.using(SQLDialect.POSTGRES).insertInto(OUTBOX)
          .set(OUTBOX.KIND, DSL.param("kind", OUTBOX.KIND))
          .set(OUTBOX.PAYLOAD, DSL.param("payload", OUTBOX.PAYLOAD))
          .set(OUTBOX.IDEMPOTENCY_KEY, DSL.param("key", OUTBOX.IDEMPOTENCY_KEY))
          .set(OUTBOX.NEXT_ATTEMPT_AT, DSL.param("next", OUTBOX.NEXT_ATTEMPT_AT))
          .set(OUTBOX.CREATED_AT, DSL.param("created", OUTBOX.CREATED_AT))
          .set(OUTBOX.PAYLOAD_VERSION, DSL.inline((short) OutboxCodec.VERSION))
          .onConflict(OUTBOX.IDEMPOTENCY_KEY)
          .doNothing(),
      "kind", "payload", "key", "next", "created");

  private static final PrerenderedQuery SENT = new PrerenderedQuery(
      DSL.using(SQLDialect.POSTGRES).update(OUTBOX)
          .set(OUTBOX.STATUS, DSL.inline("sent")).set(OUTBOX.SENT_AT, DSL.param("at", OUTBOX.SENT_AT))
          .set(OUTBOX.LOCKED_BY, DSL.inline(null, OUTBOX.LOCKED_BY))
          .set(OUTBOX.LOCKED_UNTIL, DSL.inline(null, OUTBOX.LOCKED_UNTIL))
          .where(OUTBOX.ID.eq(DSL.param("id", OUTBOX.ID))),
      "at", "id");

  public static boolean exists(DSLContext tx, String idempotencyKey) {
    return tx.fetchExists(OUTBOX, OUTBOX.IDEMPOTENCY_KEY.eq(idempotencyKey));
  }

  /**
   * Claims up to {@code limit} due rows of the given kinds for {@code lease}; rows another worker
   * holds are skipped, rows whose lease ran out are due again, and so are rows held by an instance
   * whose heartbeat stopped (it died: its claims are taken within seconds, not at the lease's end).
   */
  public List<Item> claim(List<String> kinds, int limit, String worker, Duration lease, Instant now) {
    return database.transactionResult(tx -> {
      var due = tx.select(OUTBOX.ID).from(OUTBOX)
          .where(OUTBOX.STATUS.eq("pending"))
          .and(OUTBOX.KIND.in(kinds))
          .and(OUTBOX.NEXT_ATTEMPT_AT.le(utc(now)))
          .and(OUTBOX.LOCKED_UNTIL.isNull().or(OUTBOX.LOCKED_UNTIL.lt(utc(now))).or(heldByADeadInstance()))
          .orderBy(OUTBOX.NEXT_ATTEMPT_AT, OUTBOX.ID)
          .limit(limit)
          .forUpdate().skipLocked()
          .fetch(OUTBOX.ID);
      if (due.isEmpty()) {
        return List.of();
      }
      return tx.update(OUTBOX)
          .set(OUTBOX.LOCKED_BY, worker)
          .set(OUTBOX.LOCKED_UNTIL, utc(now.plus(lease)))
          .set(OUTBOX.ATTEMPTS, OUTBOX.ATTEMPTS.plus(1))
          .where(OUTBOX.ID.in(due))
          .returning(OUTBOX.ID, OUTBOX.KIND, OUTBOX.PAYLOAD_VERSION, OUTBOX.PAYLOAD, OUTBOX.IDEMPOTENCY_KEY,
              OUTBOX.ATTEMPTS, OUTBOX.CREATED_AT)
          .fetch(r -> new Item(r.get(OUTBOX.ID), r.get(OUTBOX.KIND), r.get(OUTBOX.PAYLOAD_VERSION),
              r.get(OUTBOX.PAYLOAD).data(),
              r.get(OUTBOX.IDEMPOTENCY_KEY), r.get(OUTBOX.ATTEMPTS), r.get(OUTBOX.CREATED_AT).toInstant()));
    });
  }

  /**
   * The row's holder stopped beating ({@link EngineHeartbeat}): it died, so its lease is void. A
   * holder with no heartbeat row keeps its lease to the end.
   */
  private static org.jooq.Condition heldByADeadInstance() {
    return DSL.exists(DSL.selectOne().from(ENGINE_INSTANCE)
        .where(ENGINE_INSTANCE.WORKER.eq(OUTBOX.LOCKED_BY))
        .and(DSL.condition("{0} + {1} < clock_timestamp()", ENGINE_INSTANCE.SEEN_AT, ENGINE_INSTANCE.DEAD_AFTER)));
  }

  public void sent(long id, Instant at) {
    markSent(database.dsl(), id, at);
  }

  /** Marks a row sent inside the caller's transaction (with the record of what was sent). */
  public static void markSent(DSLContext tx, long id, Instant at) {
    SENT.execute(tx, utc(at), id);
  }

  /** Gives the row back for another attempt at {@code next}. */
  public void retryAt(long id, String error, Instant next) {
    database.dsl().update(OUTBOX)
        .set(OUTBOX.LAST_ERROR, truncate(error)).set(OUTBOX.NEXT_ATTEMPT_AT, utc(next))
        .set(OUTBOX.LOCKED_BY, (String) null).set(OUTBOX.LOCKED_UNTIL, (OffsetDateTime) null)
        .where(OUTBOX.ID.eq(id)).execute();
  }

  /**
   * Puts the row off until {@code at} without counting the attempt it was claimed for: a send held by a
   * rate limit (issue 13) is not a failure, and never uses up the row's attempts.
   */
  public void deferTo(long id, Instant at) {
    database.dsl().update(OUTBOX)
        .set(OUTBOX.NEXT_ATTEMPT_AT, utc(at)).set(OUTBOX.ATTEMPTS, DSL.greatest(OUTBOX.ATTEMPTS.minus(1), DSL.inline(0)))
        .set(OUTBOX.LOCKED_BY, (String) null).set(OUTBOX.LOCKED_UNTIL, (OffsetDateTime) null)
        .where(OUTBOX.ID.eq(id)).execute();
  }

  public void failed(long id, String error) {
    database.dsl().update(OUTBOX)
        .set(OUTBOX.STATUS, "failed").set(OUTBOX.LAST_ERROR, truncate(error))
        .set(OUTBOX.LOCKED_BY, (String) null).set(OUTBOX.LOCKED_UNTIL, (OffsetDateTime) null)
        .where(OUTBOX.ID.eq(id)).execute();
  }

  /** Cancels pending rows whose key starts with {@code prefix} (a page chain that was acknowledged). */
  public int cancelPending(DSLContext tx, String keyPrefix) {
    return tx.update(OUTBOX).set(OUTBOX.STATUS, "cancelled")
        .where(OUTBOX.STATUS.eq("pending")).and(OUTBOX.IDEMPOTENCY_KEY.startsWith(keyPrefix)).execute();
  }

  /** When the next pending row falls due, so a worker can sleep until then. */
  public Optional<Instant> nextDue(List<String> kinds) {
    OffsetDateTime t = database.dsl().select(DSL.min(OUTBOX.NEXT_ATTEMPT_AT)).from(OUTBOX)
        .where(OUTBOX.STATUS.eq("pending")).and(OUTBOX.KIND.in(kinds)).fetchOne(0, OffsetDateTime.class);
    return Optional.ofNullable(t).map(OffsetDateTime::toInstant);
  }

  /** How late the most overdue pending row is (zero when none is due): the pager's self-check. */
  public Duration oldestDueAge(Instant now) {
    OffsetDateTime t = database.dsl().select(DSL.min(OUTBOX.NEXT_ATTEMPT_AT)).from(OUTBOX)
        .where(OUTBOX.STATUS.eq("pending")).and(OUTBOX.NEXT_ATTEMPT_AT.le(utc(now))).fetchOne(0, OffsetDateTime.class);
    return t == null ? Duration.ZERO : Duration.between(t.toInstant(), now);
  }

  private static String truncate(String s) {
    return s == null || s.length() <= 1000 ? s : s.substring(0, 1000);
  }
}

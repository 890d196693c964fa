package com.serveurcom.astreinte.calendar;

import com.serveurcom.astreinte.database.StoredJson;
import com.serveurcom.astreinte.database.Timestamps;
import static com.serveurcom.astreinte.database.generated.Tables.AUDIT_LOG;

import com.serveurcom.astreinte.database.Database;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.jooq.JSONB;
import org.jooq.impl.DSL;

/**
 * The line's manual override (force open / force closed, like FreePBX's day/night toggle), kept
 * as entries of the append-only audit log: the latest {@code override_set} or
 * {@code override_cleared} is the one in force, and the history is the audit trail. Several
 * server instances share it through the database.
 */
public final class LineOverrides {
  static final String SET = "override_set";
  static final String CLEARED = "override_cleared";

  /**
   * Every call asks for the override; reading the audit log each time put a database round trip
   * before the greeting. Another instance's change is seen within this delay.
   */
  private static final long CACHE_NANOS = java.util.concurrent.TimeUnit.SECONDS.toNanos(2);

  private record Cached(Optional<ManualOverride> value, long readAt) {}

  private final Database database;
  private final Clock clock;
  private volatile Cached cached;
  private final java.util.concurrent.locks.ReentrantLock refreshing = new java.util.concurrent.locks.ReentrantLock();

  public LineOverrides(Database database, Clock clock) {
    this.database = database;
    this.clock = clock;
  }

  /** The override in force, if any (one that has run out is still returned: the calendar ends it). */
  public Optional<ManualOverride> current() {
    Cached c = cached;
    if (c != null && System.nanoTime() - c.readAt() < CACHE_NANOS) {
      return c.value();
    }
    // Hundreds of calls may find the value expired in the same millisecond: one of them reads it,
    // the others keep the one just expired (it was right 2 s ago) rather than all querying at once.
    // With no value at all (start, or a change made here) they wait for the read.
    if (c != null && !refreshing.tryLock()) {
      return c.value();
    }
    if (c == null) {
      refreshing.lock();
    }
    try {
      Cached again = cached;
      if (again != null && System.nanoTime() - again.readAt() < CACHE_NANOS) {
        return again.value();
      }
      long readAt = System.nanoTime();
      Optional<ManualOverride> v = read();
      cached = new Cached(v, readAt);
      return v;
    } finally {
      refreshing.unlock();
    }
  }

  private Optional<ManualOverride> read() {
    var open = DSL.field("({0}->>'open')::boolean", Boolean.class, AUDIT_LOG.DETAILS);
    var until = DSL.field("({0}->>'until')", String.class, AUDIT_LOG.DETAILS);
    var r = database.dsl().select(AUDIT_LOG.KIND, AUDIT_LOG.AT, open, until).from(AUDIT_LOG)
        .where(AUDIT_LOG.KIND.in(List.of(SET, CLEARED)))
        .orderBy(AUDIT_LOG.ID.desc()).limit(1).fetchOne();
    if (r == null || CLEARED.equals(r.value1())) {
      return Optional.empty();
    }
    return Optional.of(new ManualOverride(
        Boolean.TRUE.equals(r.value3()), r.value2().toInstant(), r.value4() == null ? null : Instant.parse(r.value4())));
  }

  public ManualOverride set(boolean open, Instant until, String actor) {
    Instant now = clock.instant();
    if (until != null && !until.isAfter(now)) {
      throw new IllegalArgumentException("an override must end in the future");
    }
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("open", open);
    details.put("until", until == null ? null : until.toString());
    append(SET, actor, details(details), now);
    cached = null;
    return new ManualOverride(open, now, until);
  }

  public void clear(String actor) {
    append(CLEARED, actor, details(Map.of()), clock.instant());
    cached = null;
  }

  private void append(String kind, String actor, JSONB details, Instant at) {
    database.dsl().insertInto(AUDIT_LOG)
        .set(AUDIT_LOG.AT, Timestamps.utc(at)).set(AUDIT_LOG.ACTOR, actor)
        .set(AUDIT_LOG.KIND, kind).set(AUDIT_LOG.DETAILS, details).execute();
  }

  private static final ObjectMapper JSON = StoredJson.MAPPER;

  private static JSONB details(Map<String, ?> details) {
    try {
      return JSONB.jsonb(JSON.writeValueAsString(details));
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("détails d'audit impossibles à écrire en JSON : " + e.getOriginalMessage(), e);
    }
  }

  /** Records any administrative change (config reloads, ...) in the audit log. */
  public void audit(String kind, String actor, Map<String, ?> details) {
    append(kind, actor, details(details), clock.instant());
  }
}

package com.serveurcom.astreinte.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.serveurcom.astreinte.testing.TestDatabase;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.jooq.JSONB;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A dead instance's claims are taken by another once its heartbeat stops, not at the lease's end. */
class EngineHeartbeatTest {
  @RegisterExtension static final TestDatabase db = new TestDatabase();
  static final List<String> KINDS = List.of("hb_test");
  static final Duration LEASE = Duration.ofMinutes(3);

  final Outbox outbox = new Outbox(db.database());

  long queue(String key) {
    db.database().transaction(tx -> Outbox.enqueue(tx, "hb_test", JSONB.valueOf("{}"), key, Instant.EPOCH));
    return db.database().dsl().fetchValue("select id from outbox where idempotency_key = ?", key) instanceof Long l ? l : -1;
  }

  /** Moves a beat back in time, as if the instance had stopped beating that long ago. */
  void silentFor(String worker, Duration d) {
    db.database().dsl().execute("update engine_instance set seen_at = clock_timestamp() - make_interval(secs => ?) "
        + "where worker = ?", (double) d.toSeconds(), worker);
  }

  @Test
  void aRowHeldByAnInstanceThatStoppedBeatingIsClaimedBeforeItsLeaseEnds() {
    long id = queue("hb:dead");
    EngineHeartbeat dying = new EngineHeartbeat(db.database(), "dying", Duration.ofSeconds(5));
    EngineHeartbeat survivor = new EngineHeartbeat(db.database(), "survivor", Duration.ofSeconds(5));
    dying.beat();
    survivor.beat();
    Instant now = Instant.now();
    assertThat(outbox.claim(KINDS, 10, "dying", LEASE, now)).extracting(Outbox.Item::id).containsExactly(id);

    // Alive (seen 2 s ago): its claim holds.
    silentFor("dying", Duration.ofSeconds(2));
    assertThat(outbox.claim(KINDS, 10, "survivor", LEASE, now)).isEmpty();

    // Not seen for longer than it said it beats within: dead, the row is claimable at once.
    silentFor("dying", Duration.ofSeconds(6));
    List<Outbox.Item> taken = outbox.claim(KINDS, 10, "survivor", LEASE, now);
    assertThat(taken).extracting(Outbox.Item::id).containsExactly(id);
    assertThat(taken.get(0).attempts()).isEqualTo(2);
    // ...and now held by the survivor, which beats: nobody else takes it.
    assertThat(outbox.claim(KINDS, 10, "third", LEASE, now)).isEmpty();
    outbox.sent(id, now);
  }

  @Test
  void aHolderWithoutHeartbeatOrStoppedCleanlyKeepsItsLeaseToTheEnd() {
    long id = queue("hb:lease");
    EngineHeartbeat clean = new EngineHeartbeat(db.database(), "clean", Duration.ofSeconds(5));
    clean.beat();
    Instant now = Instant.now();
    assertThat(outbox.claim(KINDS, 10, "clean", LEASE, now)).hasSize(1);
    clean.close(); // a clean stop removes the beat
    assertThat(outbox.claim(KINDS, 10, "other", LEASE, now)).isEmpty();
    assertThat(outbox.claim(KINDS, 10, "other", LEASE, now.plus(LEASE).plusSeconds(1)))
        .extracting(Outbox.Item::id).containsExactly(id);
    outbox.sent(id, now);
  }

  @Test
  void theSettingsAreCheckedWithAClearMessage() {
    // Reading ASTREINTE_INSTANCE_DEAD_AFTER_SECONDS is the server's Settings' (SettingsTest); the engine checks the range.
    assertThatThrownBy(() -> new EngineHeartbeat(db.database(), "x", Duration.ofSeconds(2)))
        .hasMessageContaining(EngineHeartbeat.ENV_DEAD_AFTER);
    assertThat(new EngineHeartbeat(db.database(), "x", Duration.ofSeconds(10)).interval()).isEqualTo(Duration.ofSeconds(2));
  }
}

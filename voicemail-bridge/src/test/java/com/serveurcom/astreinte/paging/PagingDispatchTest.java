package com.serveurcom.astreinte.paging;

import static com.serveurcom.astreinte.database.generated.Tables.OUTBOX;
import static org.assertj.core.api.Assertions.assertThat;

import com.serveurcom.astreinte.outbox.OutboxCodec;
import com.serveurcom.astreinte.testing.TestDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Rows the engine cannot read are never misread: a newer version waits for its build, a broken payload fails. */
class PagingDispatchTest {
  @RegisterExtension
  static final TestDatabase db = new TestDatabase();

  private PagingKit kit;

  @BeforeEach
  void setUp() throws Exception {
    kit = new PagingKit(db.database());
  }

  @AfterEach
  void tearDown() {
    kit.close();
  }

  private long insert(String kind, int version, String payload, String key) {
    return db.database().dsl().fetchValue("insert into outbox (kind, payload, idempotency_key, next_attempt_at, "
        + "created_at, payload_version) values (?, ?::jsonb, ?, ?::timestamptz, ?::timestamptz, ?) returning id",
        kind, payload, key, kit.clock.instant().toString(), kit.clock.instant().toString(), (short) version)
        instanceof Number id ? id.longValue() : -1;
  }

  @Test
  void aRowOfANewerPayloadVersionIsLeftPendingForTheBuildThatReadsIt() {
    long id = insert("customer_sms", OutboxCodec.VERSION + 1,
        "{\"to\":\"+33655555555\",\"body\":\"Texte d'une version future\",\"future_field\":1}", "future:1");
    try (PagingEngine engine = kit.engine("w1")) {
      for (int i = 0; i < 12; i++) { // more passes than maxAttempts: still never failed
        kit.clock.advance(java.time.Duration.ofMinutes(3));
        engine.runOnce(kit.clock.instant());
      }
    }
    var row = db.database().dsl().selectFrom(OUTBOX).where(OUTBOX.ID.eq(id)).fetchOne();
    assertThat(row.getStatus()).isEqualTo("pending");
    assertThat(row.getLastError()).contains("version " + (OutboxCodec.VERSION + 1));
    assertThat(kit.sms()).isEmpty();
  }

  @Test
  void aPayloadThatDoesNotFitItsKindFailsWithAClearErrorAndSendsNothing() {
    long id = insert("customer_sms", OutboxCodec.VERSION, "{\"to\":\"+33655555555\",\"texte\":\"?\"}", "broken:1");
    try (PagingEngine engine = kit.engine("w1")) {
      engine.runOnce(kit.clock.instant());
    }
    var row = db.database().dsl().selectFrom(OUTBOX).where(OUTBOX.ID.eq(id)).fetchOne();
    assertThat(row.getStatus()).isEqualTo("failed");
    assertThat(row.getLastError()).startsWith("unreadable payload").contains("customer_sms");
    assertThat(kit.sms()).isEmpty();
  }
}

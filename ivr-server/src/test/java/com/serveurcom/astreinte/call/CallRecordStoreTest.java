package com.serveurcom.astreinte.call;

import static com.serveurcom.astreinte.database.generated.Tables.CALL_RECORD;
import static org.assertj.core.api.Assertions.assertThat;

import com.serveurcom.astreinte.testing.TestDatabase;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

class CallRecordStoreTest {
  @RegisterExtension static final TestDatabase db = new TestDatabase();
  @TempDir Path dir;

  static CallRecord call(String id, CallOutcome outcome) {
    Instant start = Instant.parse("2026-11-28T02:00:00Z");
    return new CallRecord(id, start, start, Duration.ofSeconds(42), "+33612345678", "oncall",
        List.of("greeting", "request_number"), outcome, "26000001", "+33612345678", "/spool/msg0001");
  }

  @Test
  void aBatchIsWrittenWholeWithEveryField() {
    new CallRecordStore(db.database()).recordAll(List.of(call("b1", CallOutcome.registered("26000001")),
        call("b2", CallOutcome.refused("priority_not_oncall")), call("b3", CallOutcome.abandoned("message"))));

    var rows = db.database().dsl().selectFrom(CALL_RECORD).where(CALL_RECORD.CHANNEL_ID.in("b1", "b2", "b3"))
        .orderBy(CALL_RECORD.CHANNEL_ID).fetch();
    assertThat(rows).extracting(r -> r.getOutcome()).containsExactly("registered", "refused", "abandoned");
    assertThat(rows).extracting(r -> r.getRefusalReason()).containsExactly(null, "priority_not_oncall", null);
    assertThat(rows.get(0).getDurationMs()).isEqualTo(42_000L);
    assertThat(rows.get(0).getEndedAt().toInstant()).isEqualTo(Instant.parse("2026-11-28T02:00:42Z"));
    assertThat(rows.get(0).getSteps().data()).isEqualTo("[\"greeting\", \"request_number\"]");
    assertThat(rows.get(0).getMessageFile()).isEqualTo("/spool/msg0001");
  }

  @Test
  void theBackgroundWriterHandsOverWhatQueuedAndARefusedBatchGoesToTheJournal() {
    AtomicBoolean databaseUp = new AtomicBoolean(true);
    List<Integer> batchSizes = new ArrayList<>();
    CallRecordStore store = new CallRecordStore(db.database());
    CallLog flaky = new CallLog() {
      @Override public void record(CallRecord c) {
        recordAll(List.of(c));
      }

      @Override public void recordAll(List<CallRecord> calls) {
        if (!databaseUp.get()) {
          throw new IllegalStateException("connection refused");
        }
        synchronized (batchSizes) {
          batchSizes.add(calls.size());
        }
        store.recordAll(calls);
      }
    };
    Journal<CallRecord> journal = new Journal<>(dir.resolve("calls.jsonl"), CallRecord.class);
    JournalingCallLog journaling = new JournalingCallLog(flaky, journal);

    BackgroundCallLog background = new BackgroundCallLog(journaling, 1_000);
    for (int i = 0; i < 200; i++) {
      background.record(call("q" + i, CallOutcome.registered("26000001")));
    }
    background.close();
    assertThat(db.database().dsl().fetchCount(CALL_RECORD, CALL_RECORD.CHANNEL_ID.like("q%"))).isEqualTo(200);
    assertThat(batchSizes).allMatch(n -> n <= 64);

    databaseUp.set(false);
    journaling.recordAll(List.of(call("j1", CallOutcome.fallback()), call("j2", CallOutcome.fallback())));
    assertThat(journal.pending()).extracting(CallRecord::callId).containsExactly("j1", "j2");
    databaseUp.set(true);
    assertThat(journaling.replayJournal()).isEqualTo(2);
    assertThat(db.database().dsl().fetchCount(CALL_RECORD, CALL_RECORD.CHANNEL_ID.in("j1", "j2"))).isEqualTo(2);
  }
}

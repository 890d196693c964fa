package com.serveurcom.astreinte.call;

import com.serveurcom.astreinte.oncall.RefusalReason;
import com.serveurcom.astreinte.oncall.OnCallMessage;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JournalingDeskTest {
  @TempDir Path dir;

  boolean databaseUp;
  final List<OnCallMessage> stored = new ArrayList<>();
  final java.util.Map<String, String> refused = new java.util.LinkedHashMap<>();

  final OnCallDesk database = new OnCallDesk() {
    @Override public RequestCheck check(String n, String c, Instant at) {
      if (!databaseUp) throw new IllegalStateException("connection refused");
      return n.equals("26000002") ? RequestCheck.refused(RefusalReason.PRIORITY_NOT_ONCALL) : RequestCheck.ok();
    }
    @Override public Registration register(OnCallMessage m) {
      if (!databaseUp) throw new IllegalStateException("connection refused");
      stored.add(m);
      return new Registration(m.ticketNumber(), false);
    }
    @Override public EscalationAnswer escalate(String n, String c, Instant at) {
      throw new UnsupportedOperationException();
    }
  };

  static OnCallMessage message(String n) {
    return new OnCallMessage(n, "+33612345678", "+33612345678", "/spool/msg0000", "call-" + n,
        Instant.parse("2026-11-28T02:00:00Z"));
  }

  @Test
  void aDatabaseOutageKeepsTheMessageAndReplaysItLater() {
    Path file = dir.resolve("journal/messages.jsonl");
    JournalingDesk desk = new JournalingDesk(database, new Journal<>(file, OnCallMessage.class),
        new DatabaseOutage(10, java.util.concurrent.TimeUnit.SECONDS), (m, reason) -> refused.put(m.ticketNumber(), reason.code()));

    assertThat(desk.check("26000001", null, Instant.now()).eligible()).isTrue();
    assertThat(desk.register(message("26000001")).requestNumber()).isEqualTo("26000001");
    OnCallDesk.Registration kept = desk.register(message("26000006"));
    assertThat(kept.requestNumber()).isEqualTo("26000006");
    assertThat(kept.journaled()).as("the caller must not be told it is paged").isTrue();
    assertThat(file).exists();

    assertThat(desk.replayJournal()).isZero(); // still down: nothing lost
    assertThat(new Journal<>(file, OnCallMessage.class).pending()).hasSize(2);

    databaseUp = true;
    assertThat(desk.replayJournal()).isEqualTo(2);
    assertThat(stored).containsExactly(message("26000001"), message("26000006"));
    assertThat(file).doesNotExist();
  }

  @Test
  void anIneligibleJournalledMessageIsRefusedOnReplayNotRegistered() {
    Path file = dir.resolve("journal/messages.jsonl");
    JournalingDesk desk = new JournalingDesk(database, new Journal<>(file, OnCallMessage.class),
        new DatabaseOutage(10, java.util.concurrent.TimeUnit.SECONDS), (m, reason) -> refused.put(m.ticketNumber(), reason.code()));
    desk.register(message("26000002"));
    desk.register(message("26000001"));
    databaseUp = true;
    assertThat(desk.replayJournal()).isEqualTo(2);
    assertThat(stored).containsExactly(message("26000001"));
    assertThat(refused).containsExactly(java.util.Map.entry("26000002", "priority_not_oncall"));
    assertThat(file).doesNotExist();
  }

  @Test
  void aCallRecordSurvivesADatabaseOutage() {
    Path file = dir.resolve("calls.jsonl");
    List<CallRecord> stored = new ArrayList<>();
    JournalingCallLog log = new JournalingCallLog(c -> {
      if (!databaseUp) throw new IllegalStateException("down");
      stored.add(c);
    }, new Journal<>(file, CallRecord.class));
    CallRecord r = new CallRecord("c1", Instant.parse("2026-11-28T02:00:00Z"), Instant.parse("2026-11-28T02:00:00Z"),
        java.time.Duration.ofSeconds(42), "+33612345678", "oncall", List.of("greeting", "request_number"),
        CallOutcome.refused("no_request_number"), null, null, null);
    log.record(r);
    assertThat(stored).isEmpty();
    databaseUp = true;
    assertThat(log.replayJournal()).isEqualTo(1);
    assertThat(stored).containsExactly(r);
  }

  @Test
  void aTornLineIsSkippedWithoutLosingTheOthers() throws Exception {
    Path file = dir.resolve("messages.jsonl");
    Journal<OnCallMessage> journal = new Journal<>(file, OnCallMessage.class);
    journal.append(message("26000001"));
    Files.writeString(file, "{\"request_numb", java.nio.file.StandardOpenOption.APPEND);
    assertThat(new Journal<>(file, OnCallMessage.class).pending()).containsExactly(message("26000001"));
  }
}

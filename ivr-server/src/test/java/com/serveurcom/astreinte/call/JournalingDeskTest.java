package com.serveurcom.astreinte.call;

import static org.assertj.core.api.Assertions.assertThat;

import com.serveurcom.astreinte.call.OnCallDesk.OnCallMessage;
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

  final OnCallDesk database = new OnCallDesk() {
    @Override public RequestCheck check(String n, String c, Instant at) {
      if (!databaseUp) throw new IllegalStateException("connection refused");
      return RequestCheck.ok();
    }
    @Override public Registration register(OnCallMessage m) {
      if (!databaseUp) throw new IllegalStateException("connection refused");
      stored.add(m);
      return new Registration(m.requestNumber(), false);
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
    JournalingDesk desk = new JournalingDesk(database, new MessageJournal(file));

    assertThat(desk.check("26000001", null, Instant.now()).eligible()).isTrue();
    assertThat(desk.register(message("26000001")).requestNumber()).isEqualTo("26000001");
    assertThat(desk.register(message("26000006")).requestNumber()).isEqualTo("26000006");
    assertThat(file).exists();

    assertThat(desk.replayJournal()).isZero(); // still down: nothing lost
    assertThat(new MessageJournal(file).pending()).hasSize(2);

    databaseUp = true;
    assertThat(desk.replayJournal()).isEqualTo(2);
    assertThat(stored).containsExactly(message("26000001"), message("26000006"));
    assertThat(file).doesNotExist();
  }

  @Test
  void aTornLineIsSkippedWithoutLosingTheOthers() throws Exception {
    Path file = dir.resolve("messages.jsonl");
    MessageJournal journal = new MessageJournal(file);
    journal.append(message("26000001"));
    Files.writeString(file, "{\"request_numb", java.nio.file.StandardOpenOption.APPEND);
    assertThat(new MessageJournal(file).pending()).containsExactly(message("26000001"));
  }
}

package com.serveurcom.astreinte.voicemail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.serveurcom.astreinte.testing.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

class RecordingStoreTest {
  @RegisterExtension static final TestDatabase db = new TestDatabase();
  @TempDir Path dir;

  @Test
  void storesACopyUnderItsMsgIdAndKeepsTheFirstOne() throws Exception {
    RecordingStore store = new RecordingStore(dir.resolve("recordings"), db.database());
    Path a = Files.write(dir.resolve("a.wav"), SpoolFiles.audio("first"));
    Path b = Files.write(dir.resolve("b.wav"), SpoolFiles.audio("second"));
    Path stored = store.store("1795795942-00000000", a);
    store.store("1795795942-00000000", b);
    assertThat(stored).isEqualTo(dir.resolve("recordings/1795795942-00000000.wav")).hasBinaryContent(SpoolFiles.audio("first"));
    assertThat(store.find("1795795942-00000000")).contains(stored);
    // No temporary file is left behind.
    try (var files = Files.list(dir.resolve("recordings"))) {
      assertThat(files).containsExactly(stored);
    }
    // The spool copy is independent of Asterisk's file.
    Files.delete(a);
    assertThat(stored).hasBinaryContent(SpoolFiles.audio("first"));
  }

  @Test
  void onlyMsgIdsReachTheStore() {
    RecordingStore store = new RecordingStore(dir, db.database());
    assertThat(store.find("../etc/passwd")).isEmpty();
    assertThat(store.find(null)).isEmpty();
    assertThatThrownBy(() -> store.store("../x", dir)).isInstanceOf(IllegalArgumentException.class);
    assertThat(RecordingStore.urlPath("1-2")).isEqualTo("/recordings/1-2.wav");
    assertThat(RecordingStore.msgIdOfFileName("1-2.wav")).contains("1-2");
    assertThat(RecordingStore.msgIdOfFileName("..%2f.wav")).isEmpty();
    assertThat(RecordingStore.msgIdOfFileName("1-2.mp3")).isEmpty();
  }

  @Test
  void aStrayFileWithoutARowGoesByItsAge() throws Exception {
    RecordingStore store = new RecordingStore(dir, db.database());
    Instant now = Instant.parse("2027-03-01T00:00:00Z");
    Path stray = Files.write(dir.resolve("left-00000000.wav"), SpoolFiles.audio("x"));
    Files.setLastModifiedTime(stray, FileTime.from(now.minus(Duration.ofDays(91))));
    Path recent = Files.write(dir.resolve("recent-00000000.wav"), SpoolFiles.audio("y"));
    Files.setLastModifiedTime(recent, FileTime.from(now.minus(Duration.ofDays(10))));

    RecordingStore.Purge p = store.purgeOlderThan(RecordingStore.DEFAULT_RETENTION, now);

    assertThat(p.strayFiles()).isEqualTo(1);
    assertThat(stray).doesNotExist();
    assertThat(recent).exists();
    assertThatThrownBy(() -> store.purgeOlderThan(Duration.ZERO, now)).isInstanceOf(IllegalArgumentException.class);
  }
}

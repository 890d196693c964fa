package com.serveurcom.astreinte.voicemail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VoicemailSpoolTest {
  static final Instant T = Instant.parse("2026-11-28T02:00:00Z");
  @TempDir Path root;

  @Test
  void listsTheInboxOfTheOnCallBoxOnly() {
    SpoolFiles box = new SpoolFiles(root, "astreinte", "100");
    box.add("1000-00000000", T, 4, "\"A\" <0611111111>", SpoolFiles.audio("a"));
    box.add("1001-00000001", T.plusSeconds(60), 7, "<0622222222>", SpoolFiles.audio("b"));
    new SpoolFiles(root, "astreinte", "200").add("2000-00000000", T, 3, "<0633333333>", SpoolFiles.audio("c"));

    VoicemailSpool spool = new VoicemailSpool(root, "100@astreinte");
    assertThat(spool.inbox()).isEqualTo(root.resolve("astreinte/100/INBOX"));
    assertThat(spool.list()).extracting(SpoolMessage::msgId).containsExactly("1000-00000000", "1001-00000001");
    assertThat(spool.list().get(0).audio()).contains(box.base(0).resolveSibling("msg0000.wav"));
  }

  @Test
  void anEmptyOrMissingInboxHasNoMessages() {
    assertThat(new VoicemailSpool(root, "100@astreinte").list()).isEmpty();
  }

  @Test
  void afterADeleteTheNextMessageIsRenumberedButItsMsgIdStillFindsIt() {
    SpoolFiles box = new SpoolFiles(root, "astreinte", "100");
    Path first = box.add("1000-00000000", T, 4, "<0611111111>", SpoolFiles.audio("first"));
    Path second = box.add("1001-00000001", T.plusSeconds(60), 7, "<0622222222>", SpoolFiles.audio("second"));
    VoicemailSpool spool = new VoicemailSpool(root, "100@astreinte");
    assertThat(spool.resolve(second.toString()).orElseThrow().msgId()).isEqualTo("1001-00000001");

    box.remove(0);

    // msg0001 is now msg0000: the old VM_MESSAGEFILE of the second message names nothing...
    assertThat(spool.resolve(second.toString())).isEmpty();
    // ...and the first message's one names the second message: only the msg_id can be trusted.
    assertThat(spool.resolve(first.toString()).orElseThrow().msgId()).isEqualTo("1001-00000001");
    SpoolMessage found = spool.find("1001-00000001").orElseThrow();
    assertThat(found.messageFile()).isEqualTo(box.base(0));
    assertThat(found.audio()).hasValueSatisfying(p -> assertThat(p).hasBinaryContent(SpoolFiles.audio("second")));
    assertThat(spool.find("1000-00000000")).isEmpty();
  }

  @Test
  void aMessageFileFromTheAsteriskHostResolvesUnderTheLocalMount() {
    SpoolFiles box = new SpoolFiles(root, "astreinte", "100");
    box.add("1000-00000000", T, 4, "<0611111111>", SpoolFiles.audio("a"));
    VoicemailSpool spool = new VoicemailSpool(root, "100@astreinte");
    assertThat(spool.resolve("/var/spool/asterisk/voicemail/astreinte/100/INBOX/msg0000").orElseThrow().msgId())
        .isEqualTo("1000-00000000");
  }

  @Test
  void aMessageFileOutsideTheBoxOrMalformedIsRefused() {
    VoicemailSpool spool = new VoicemailSpool(root, "100@astreinte");
    assertThatThrownBy(() -> spool.resolve("/var/spool/asterisk/voicemail/astreinte/200/INBOX/msg0000"))
        .isInstanceOf(MalformedMessageException.class).hasMessageContaining("n'est pas dans l'INBOX de 100@astreinte");
    assertThatThrownBy(() -> spool.resolve("/etc/passwd")).isInstanceOf(MalformedMessageException.class);
    assertThatThrownBy(() -> spool.resolve(" ")).isInstanceOf(MalformedMessageException.class);
    assertThatThrownBy(() -> spool.resolve("astreinte/100/../../x/y/INBOX/msg0000")).isInstanceOf(MalformedMessageException.class);
    assertThatThrownBy(() -> new VoicemailSpool(root, "100")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aBrokenFileIsSkippedAndTheOthersAreStillListed() throws Exception {
    SpoolFiles box = new SpoolFiles(root, "astreinte", "100");
    box.add("1000-00000000", T, 4, "<0611111111>", SpoolFiles.audio("a"));
    Files.writeString(box.inbox.resolve("msg0001.txt"), "[message]\ngarbage\n");
    box.add("1002-00000002", T, 4, "<0611111111>", SpoolFiles.audio("c"));
    Files.delete(box.inbox.resolve("msg0002.wav"));
    VoicemailSpool spool = new VoicemailSpool(root, "100@astreinte");
    assertThat(spool.list()).extracting(SpoolMessage::msgId).containsExactly("1000-00000000", "1002-00000002");
    assertThat(spool.find("1002-00000002").orElseThrow().audio()).isEmpty();
    assertThatThrownBy(() -> spool.resolve(box.base(1).toString()))
        .isInstanceOf(MalformedMessageException.class).hasMessageContaining("msg0001.txt");
  }
}

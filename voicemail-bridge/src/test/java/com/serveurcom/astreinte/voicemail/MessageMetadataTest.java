package com.serveurcom.astreinte.voicemail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MessageMetadataTest {
  /** msg0000.txt exactly as Asterisk 22.10.1 wrote it (wire notes, run 1). */
  static final String WIRE_SAMPLE = """
      ;
      ; Message Information file
      ;
      [message]
      origmailbox=100
      context=support
      exten=0272646172
      rdnis=unknown
      priority=3
      callerchan=Local/0272646172@support-00000000;2
      callerid="Test Caller" <0612345678>
      origdate=Fri Nov 27 04:12:22 PM UTC 2026
      origtime=1795795942
      category=
      msg_id=1795795942-00000000
      flag=
      duration=4
      """;

  @Test
  void theWireSampleIsReadFieldByField() {
    MessageMetadata m = MessageMetadata.parse(WIRE_SAMPLE, "msg0000.txt");
    assertThat(m.msgId()).isEqualTo("1795795942-00000000");
    assertThat(m.origMailbox()).isEqualTo("100");
    assertThat(m.context()).isEqualTo("support");
    assertThat(m.exten()).isEqualTo("0272646172");
    assertThat(m.callerChannel()).isEqualTo("Local/0272646172@support-00000000;2");
    assertThat(m.callerName()).isEqualTo("Test Caller");
    assertThat(m.callerNumber()).isEqualTo("0612345678");
    assertThat(m.caller()).contains("0612345678");
    assertThat(m.recordedAt()).isEqualTo(Instant.parse("2026-11-27T16:12:22Z"));
    assertThat(m.durationSeconds()).isEqualTo(4);
    assertThat(m.endedAt()).isEqualTo(Instant.parse("2026-11-27T16:12:26Z"));
  }

  @Test
  void crlfLineEndsAndTheSecondSampleParseToo() {
    MessageMetadata m = MessageMetadata.parse(SpoolFiles.txt("1795798311-00000000",
        Instant.ofEpochSecond(1795798311), 3, "\"case1\" <1001>").replace("\n", "\r\n"), "msg0014.txt");
    assertThat(m.callerName()).isEqualTo("case1");
    assertThat(m.callerNumber()).isEqualTo("1001");
    assertThat(m.durationSeconds()).isEqualTo(3);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "\"Test Caller\" <0612345678>|Test Caller|0612345678",
      "Dupont <+33612345678>|Dupont|+33612345678",
      "<0612345678>||0612345678",
      "0612345678||0612345678",
      "\"Unknown\" <Unknown>||",
      "\"Say \\\"hi\\\"\" <12>|Say \"hi\"|12",
      "Anonymous||",
      "''||",
  })
  void callerIdForms(String raw, String name, String number) {
    String[] parts = MessageMetadata.splitCallerId(raw);
    assertThat(parts[0]).isEqualTo(name == null ? "" : name);
    assertThat(parts[1]).isEqualTo(number == null ? "" : number);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "msg_id=|clé msg_id absente",
      "origtime=yesterday|valeur de origtime non numérique",
      "duration=-3|valeur de duration non numérique",
      "msg_id=../../etc/passwd|msg_id n'est pas un identifiant sûr",
  })
  void aBadFieldIsNamed(String replacement, String expected) {
    String key = replacement.substring(0, replacement.indexOf('='));
    String text = WIRE_SAMPLE.replaceAll("(?m)^" + key + "=.*$", replacement);
    assertThatThrownBy(() -> MessageMetadata.parse(text, "/spool/msg0003.txt"))
        .isInstanceOf(MalformedMessageException.class)
        .hasMessageContaining("/spool/msg0003.txt").hasMessageContaining(expected);
  }

  @Test
  void brokenFilesGiveAClearErrorNeverAnotherException() {
    assertThatThrownBy(() -> MessageMetadata.parse("", "a.txt"))
        .isInstanceOf(MalformedMessageException.class).hasMessage("a.txt: fichier d'informations du message vide");
    assertThatThrownBy(() -> MessageMetadata.parse("origtime=1\nmsg_id=1-1\nduration=1\n", "b.txt"))
        .isInstanceOf(MalformedMessageException.class).hasMessage("b.txt: aucune section [message]");
    assertThatThrownBy(() -> MessageMetadata.parse(WIRE_SAMPLE.replace("duration=4", "duration"), "c.txt"))
        .isInstanceOf(MalformedMessageException.class).hasMessageContaining("c.txt:").hasMessageContaining("ligne clé=valeur attendue");
    assertThatThrownBy(() -> MessageMetadata.parse(WIRE_SAMPLE.replace("duration=4\n", ""), "d.txt"))
        .isInstanceOf(MalformedMessageException.class).hasMessage("d.txt: clé duration absente");
    assertThatThrownBy(() -> MessageMetadata.parse("[message\nmsg_id=1", "e.txt"))
        .isInstanceOf(MalformedMessageException.class).hasMessageContaining("en-tête de section non fermé");
    // A truncated file (Asterisk still writing, disk full): as clear.
    assertThatThrownBy(() -> MessageMetadata.parse(WIRE_SAMPLE.substring(0, WIRE_SAMPLE.indexOf("origtime")), "f.txt"))
        .isInstanceOf(MalformedMessageException.class).hasMessageContaining("absente");
  }

  @Test
  void otherSectionsAndRepeatedKeysDoNotConfuseIt() {
    String text = "[other]\nmsg_id=nope\n" + WIRE_SAMPLE + "msg_id=later-one\n";
    assertThat(MessageMetadata.parse(text, "x").msgId()).isEqualTo("1795795942-00000000");
  }
}

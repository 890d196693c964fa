package com.serveurcom.astreinte.pbx;

import static org.assertj.core.api.Assertions.assertThat;

import com.serveurcom.astreinte.rota.VoiceRoute;
import org.junit.jupiter.api.Test;

/** The pure parts of a PBX voice page: which sends are pages, how numbers and spool paths are written. */
class AsteriskPagerTest {
  @Test
  void onlyPagesOfTheChainNameARequest() {
    assertThat(AsteriskPager.requestOf("page:26000001:call-1#0|voice:alice")).contains("26000001");
    assertThat(AsteriskPager.requestOf("page:26000001:42:followup:3#2|voice:bob")).contains("26000001");
    assertThat(AsteriskPager.requestOf("escalation:26000001:1#0|voice:x")).isEmpty();
    assertThat(AsteriskPager.requestOf("watchdog:voice_failing")).isEmpty();
    assertThat(AsteriskPager.requestOf(null)).isEmpty();
  }

  @Test
  void nationalFormOnlyForFrenchNumbers() {
    assertThat(VoiceRoute.NumberForm.NATIONAL.write("+33639980001")).isEqualTo("0639980001");
    assertThat(VoiceRoute.NumberForm.NATIONAL.write("+32470123456")).isEqualTo("+32470123456");
    assertThat(VoiceRoute.NumberForm.E164.write("+33639980001")).isEqualTo("+33639980001");
  }

  @Test
  void spoolMessagesArePlayedWithoutExtension() {
    assertThat(PageFacts.withoutExtension("/var/spool/asterisk/voicemail/astreinte/100/INBOX/msg0001.txt"))
        .isEqualTo("/var/spool/asterisk/voicemail/astreinte/100/INBOX/msg0001");
    assertThat(PageFacts.withoutExtension("/var/spool/a.b/INBOX/msg0001")).isEqualTo("/var/spool/a.b/INBOX/msg0001");
  }
}

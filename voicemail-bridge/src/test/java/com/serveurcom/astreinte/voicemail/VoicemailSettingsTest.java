package com.serveurcom.astreinte.voicemail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class VoicemailSettingsTest {
  /** The variables as the server's settings pass them. */
  private static VoicemailSettings fromEnvironment(Map<String, String> env) {
    return VoicemailSettings.of(env.get(VoicemailSettings.ENV_SPOOL), env.get(VoicemailSettings.ENV_MAILBOX),
        env.get(VoicemailSettings.ENV_RETENTION_DAYS));
  }

  @Test
  void defaults() {
    VoicemailSettings e = fromEnvironment(Map.of());
    assertThat(e.spool()).isEmpty();
    assertThat(e.mailbox()).isEqualTo("100@astreinte");
    assertThat(e.retention()).isEqualTo(Duration.ofDays(90));
  }

  @Test
  void everythingSet() {
    VoicemailSettings e = fromEnvironment(Map.of(
        "ASTREINTE_VOICEMAIL_SPOOL", "/var/spool/asterisk/voicemail",
        "ASTREINTE_VOICEMAIL_MAILBOX", "300@oncall",
        "ASTREINTE_RECORDING_RETENTION_DAYS", "30"));
    assertThat(e.spool()).contains(Path.of("/var/spool/asterisk/voicemail"));
    assertThat(e.mailbox()).isEqualTo("300@oncall");
    assertThat(e.retention()).isEqualTo(Duration.ofDays(30));
  }

  @Test
  void badValuesNameTheVariable() {
    assertThatThrownBy(() -> fromEnvironment(Map.of("ASTREINTE_RECORDING_RETENTION_DAYS", "0")))
        .hasMessageContaining("ASTREINTE_RECORDING_RETENTION_DAYS");
    assertThatThrownBy(() -> fromEnvironment(Map.of("ASTREINTE_RECORDING_RETENTION_DAYS", "3 months")))
        .hasMessageContaining("ASTREINTE_RECORDING_RETENTION_DAYS");
    assertThatThrownBy(() -> fromEnvironment(Map.of("ASTREINTE_VOICEMAIL_MAILBOX", "100")))
        .hasMessageContaining("ASTREINTE_VOICEMAIL_MAILBOX");
  }
}

package com.serveurcom.astreinte;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.serveurcom.astreinte.config.ConfigLoadResult;
import com.serveurcom.astreinte.config.ConfigLoader;
import com.serveurcom.astreinte.http.BearerToken;
import java.net.InetAddress;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SettingsTest {
  static final String SECRET = "0123456789abcdef0123456789abcdef-signing";

  static Map<String, String> production() {
    Map<String, String> env = new HashMap<>();
    env.put("TWILIO_ACCOUNT_SID", "AC" + "0123456789abcdef".repeat(2));
    env.put("TWILIO_AUTH_TOKEN", "twilio-s3cret");
    env.put("ASTREINTE_TWILIO_FROM", "+33757000001");
    env.put("ASTREINTE_PUBLIC_URL", "https://astreinte.example.com");
    env.put("ASTREINTE_URL_SIGNING_SECRET", SECRET);
    env.put("ASTREINTE_API_TOKEN", " api-s3cret ");
    env.put("ASTREINTE_AMI_HOST", "pbx.example.com");
    env.put("ASTREINTE_AMI_SECRET", "ami-s3cret");
    env.put("ASTREINTE_DB_URL", "jdbc:postgresql://db:5432/astreinte?password=url-s3cret");
    env.put("ASTREINTE_DB_PASSWORD", "db-s3cret");
    env.put("ASTREINTE_DB_POOL_SIZE", "30");
    env.put("ASTREINTE_DB_DOWN_ALARM_SECONDS", "60");
    env.put("ASTREINTE_VOICEMAIL_SPOOL", "/var/spool/asterisk/voicemail");
    return env;
  }

  @Test
  void nothingSetGivesTheDefaults() {
    Settings s = Settings.read(Map.of());
    assertThat(s.problems()).isEmpty();
    assertThat(s.ami()).isEmpty();
    assertThat(s.twilio()).isEmpty();
    assertThat(s.apiToken()).isEmpty();
    assertThat(s.signer(Clock.systemUTC())).isEmpty();
    assertThat(s.database().url()).isEmpty();
    assertThat(s.database().poolSize()).isEqualTo(20);
    assertThat(s.database().enginePoolSize()).isEqualTo(8);
    assertThat(s.database().downAlarm()).isEqualTo(Duration.ofSeconds(180));
    assertThat(s.database().config(Path.of("pg")).isEmbedded()).isTrue();
    assertThat(s.voicemail().mailbox()).isEqualTo("100@astreinte");
    assertThat(s.agiAllowedPeers()).isEmpty();
    assertThat(s.toString()).isEqualTo("Settings[]");
  }

  @Test
  void theSmtpRelayIsReadAndItsPasswordNeverShown() {
    Map<String, String> env = new HashMap<>();
    env.put("ASTREINTE_SMTP_URL", "smtp://relay.example.fr:587");
    env.put("ASTREINTE_SMTP_USER", "astreinte");
    env.put("ASTREINTE_SMTP_PASSWORD", "smtp-s3cret");
    env.put("ASTREINTE_MAIL_FROM", "astreinte@serveurcom.fr");
    Settings s = Settings.read(env);
    assertThat(s.problems()).isEmpty();
    var mail = s.mail().orElseThrow();
    assertThat(mail.host()).isEqualTo("relay.example.fr");
    assertThat(mail.port()).isEqualTo(587);
    assertThat(mail.implicitTls()).isFalse();
    assertThat(mail.domain()).isEqualTo("serveurcom.fr");
    assertThat(s.toString()).contains("ASTREINTE_SMTP_PASSWORD=****").doesNotContain("smtp-s3cret");
    assertThat(mail.toString()).doesNotContain("smtp-s3cret");

    assertThat(Settings.read(Map.of("ASTREINTE_SMTP_URL", "smtps://relay.example.fr", "ASTREINTE_MAIL_FROM",
        "a@b.fr")).mail().orElseThrow().port()).isEqualTo(465);
    assertThat(Settings.read(Map.of()).mail()).as("no relay: e-mail off").isEmpty();
    assertThat(Settings.read(Map.of("ASTREINTE_SMTP_URL", "http://relay", "ASTREINTE_MAIL_FROM", "a@b.fr")).problems())
        .singleElement().asString().contains("ASTREINTE_SMTP_URL");
    assertThat(Settings.read(Map.of("ASTREINTE_SMTP_URL", "smtp://relay:25")).problems())
        .singleElement().asString().contains("ASTREINTE_MAIL_FROM");
  }

  @Test
  void everyPartGetsItsValues() {
    Settings s = Settings.read(production());
    assertThat(s.problems()).isEmpty();
    assertThat(s.apiToken()).contains("api-s3cret");
    assertThat(s.ami().orElseThrow()).isEqualTo(new Settings.Ami("pbx.example.com", 5038, "astreinte", "ami-s3cret"));
    assertThat(s.twilio().orElseThrow().fromNumber()).isEqualTo("+33757000001");
    assertThat(s.publicUrl()).contains(URI.create("https://astreinte.example.com"));
    assertThat(s.signer(Clock.systemUTC())).isPresent();
    assertThat(s.database().config(Path.of("pg")).isEmbedded()).isFalse();
    assertThat(s.database().poolSize()).isEqualTo(30);
    assertThat(s.database().downAlarm()).isEqualTo(Duration.ofSeconds(60));
    assertThat(s.voicemail().spool()).contains(Path.of("/var/spool/asterisk/voicemail"));
  }

  @Test
  void theStartLogNamesEveryVariableSetButNeverASecretNorAFullNumber() {
    String logged = Settings.read(production()).toString();
    assertThat(logged).contains("TWILIO_AUTH_TOKEN=****", "ASTREINTE_API_TOKEN=****", "ASTREINTE_AMI_SECRET=****",
        "ASTREINTE_DB_PASSWORD=****", "ASTREINTE_URL_SIGNING_SECRET=****", "ASTREINTE_AMI_HOST=pbx.example.com",
        "ASTREINTE_DB_URL=jdbc:postgresql://db:5432/astreinte?****", "ASTREINTE_DB_POOL_SIZE=30",
        "ASTREINTE_TWILIO_FROM=+337******01");
    assertThat(logged).doesNotContain("s3cret").doesNotContain(SECRET).doesNotContain("+33757000001");
  }

  @Test
  void everyBadVariableIsListedTogether() {
    Map<String, String> env = production();
    env.put("ASTREINTE_DB_ENGINE_POOL_SIZE", "1");
    env.put("ASTREINTE_AMI_PORT", "five");
    env.put("ASTREINTE_URL_SIGNING_SECRET", "short");
    env.put("ASTREINTE_RECORDING_RETENTION_DAYS", "0");
    env.put("ASTREINTE_AGI_ALLOW", "127.0.0.1,no-such-host.invalid");
    env.remove("ASTREINTE_TWILIO_FROM");
    Settings s = Settings.read(env);
    assertThat(s.problems()).hasSize(6);
    assertThat(String.join("\n", s.problems())).contains("ASTREINTE_DB_ENGINE_POOL_SIZE", "ASTREINTE_AMI_PORT",
        "ASTREINTE_URL_SIGNING_SECRET", "ASTREINTE_RECORDING_RETENTION_DAYS", "ASTREINTE_AGI_ALLOW",
        "ASTREINTE_TWILIO_FROM").doesNotContain("short");
  }

  @Test
  void trustedProxiesAreAddressesAndAnUnknownOneIsAProblem() throws Exception {
    Settings s = Settings.read(Map.of("ASTREINTE_TRUSTED_PROXIES", "10.0.0.5, ::1"));
    assertThat(s.problems()).isEmpty();
    assertThat(s.trustedProxies()).containsExactly(InetAddress.getByName("10.0.0.5"), InetAddress.getByName("::1"));
    assertThat(s.toString()).contains("ASTREINTE_TRUSTED_PROXIES=10.0.0.5, ::1");
    assertThat(Settings.read(Map.of()).trustedProxies()).isEmpty();
    assertThat(Settings.read(Map.of("ASTREINTE_TRUSTED_PROXIES", "no-such-host.invalid")).problems())
        .containsExactly("ASTREINTE_TRUSTED_PROXIES : hôte inconnu « no-such-host.invalid »");
  }

  @Test
  void serveRefusesWithOneErrorListingThemAll(@TempDir Path data) {
    Path config = Path.of("..", "config").toAbsolutePath().normalize();
    ServerSettings settings = new ServerSettings(config, data, false, InetAddress.getLoopbackAddress(), 0, 50,
        InetAddress.getLoopbackAddress(), 0, Duration.ofSeconds(2), Settings.read(Map.of(
            "ASTREINTE_DB_POOL_SIZE", "0", "ASTREINTE_DB_DOWN_ALARM_SECONDS", "soon", "ASTREINTE_PAGER", "pigeon")));
    assertThatThrownBy(() -> new Astreinte(settings, Clock.systemUTC())
            .start(((ConfigLoadResult.Valid) ConfigLoader.load(config)).config(), new BearerToken("t")))
        .isInstanceOfSatisfying(StartRefused.class, e -> assertThat(e.exitStatus()).isEqualTo(2))
        .hasMessageContaining("3 réglages à corriger")
        .hasMessageContaining("ASTREINTE_DB_POOL_SIZE doit être un nombre entier d'au moins 1, pas « 0 »")
        .hasMessageContaining("ASTREINTE_DB_DOWN_ALARM_SECONDS doit être un nombre entier d'au moins 1, pas « soon »")
        .hasMessageContaining("ASTREINTE_PAGER vaut 'pigeon'");
    assertThat(data.resolve("postgres")).as("nothing started").doesNotExist();
  }

  @Test
  void anAmiHostWithoutItsSecretOrWithAPortOutOfRangeIsAProblemAtStart() {
    Settings s = Settings.read(Map.of("ASTREINTE_AMI_HOST", "pbx.example.com", "ASTREINTE_AMI_PORT", "70000"));
    assertThat(s.problems()).anySatisfy(p -> assertThat(p).contains("ASTREINTE_AMI_SECRET absente"))
        .anySatisfy(p -> assertThat(p).contains("ASTREINTE_AMI_PORT doit être un nombre entier de 1 à 65535"));
    assertThat(Settings.read(Map.of("ASTREINTE_AMI_HOST", "pbx.example.com", "ASTREINTE_AMI_SECRET", "s"))
        .problems()).isEmpty();
  }

  @Test
  void theSpoolAsAsteriskSeesItMapsTheMessagesPathsForThePageScript() {
    Settings s = Settings.read(Map.of(Settings.VOICEMAIL_SPOOL, "/mnt/pbx/voicemail",
        Settings.ASTERISK_VOICEMAIL_SPOOL, "/var/spool/asterisk/voicemail"));
    assertThat(s.problems()).isEmpty();
    assertThat(s.voicemail().asteriskPath("/mnt/pbx/voicemail/astreinte/100/INBOX/msg0001.txt"))
        .isEqualTo("/var/spool/asterisk/voicemail/astreinte/100/INBOX/msg0001.txt");
    // Outside the spool, or without the setting: the path as recorded.
    assertThat(s.voicemail().asteriskPath("/tmp/msg0001.txt")).isEqualTo("/tmp/msg0001.txt");
    assertThat(Settings.read(Map.of(Settings.VOICEMAIL_SPOOL, "/mnt/pbx/voicemail")).voicemail()
        .asteriskPath("/mnt/pbx/voicemail/astreinte/100/INBOX/msg0001.txt"))
        .isEqualTo("/mnt/pbx/voicemail/astreinte/100/INBOX/msg0001.txt");
    assertThat(s.shown()).containsKey(Settings.ASTERISK_VOICEMAIL_SPOOL);
  }

  @Test
  void theSpoolAsAsteriskSeesItNeedsItsServerSideAndAnAbsolutePath() {
    assertThat(Settings.read(Map.of(Settings.ASTERISK_VOICEMAIL_SPOOL, "/var/spool/asterisk/voicemail")).problems())
        .singleElement().asString().contains(Settings.ASTERISK_VOICEMAIL_SPOOL).contains(Settings.VOICEMAIL_SPOOL);
    assertThat(Settings.read(Map.of(Settings.VOICEMAIL_SPOOL, "/mnt/pbx/voicemail",
        Settings.ASTERISK_VOICEMAIL_SPOOL, "spool/voicemail")).problems())
        .singleElement().asString().contains("chemin absolu");
  }
}

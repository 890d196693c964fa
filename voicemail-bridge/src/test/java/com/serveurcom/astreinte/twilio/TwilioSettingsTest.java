package com.serveurcom.astreinte.twilio;

import com.serveurcom.astreinte.paging.Phones;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TwilioSettingsTest {
  private static Map<String, String> env() {
    Map<String, String> env = new HashMap<>();
    env.put("TWILIO_ACCOUNT_SID", ("AC" + "0123456789abcdef".repeat(2)));
    env.put("TWILIO_AUTH_TOKEN", "s3cr3t-token-value");
    env.put("ASTREINTE_TWILIO_FROM", "+33757000001");
    env.put("ASTREINTE_PUBLIC_URL", "https://astreinte.example.com/");
    return env;
  }

  /** The variables as the server's settings pass them. */
  private static java.util.Optional<TwilioSettings> fromEnvironment(Map<String, String> env) {
    return TwilioSettings.of(env.get(TwilioSettings.ENV_ACCOUNT_SID), env.get(TwilioSettings.ENV_AUTH_TOKEN),
        env.get(TwilioSettings.ENV_FROM), env.get(TwilioSettings.ENV_API_BASE),
        java.util.Optional.ofNullable(env.get(TwilioSettings.ENV_PUBLIC_URL))
            .map(u -> TwilioSettings.httpUrl(u, TwilioSettings.ENV_PUBLIC_URL)));
  }

  @Test
  void readsTheEnvironmentWithTheDefaultApiBase() {
    TwilioSettings s = fromEnvironment(env()).orElseThrow();
    assertThat(s.accountSid()).isEqualTo(("AC" + "0123456789abcdef".repeat(2)));
    assertThat(s.apiBase()).isEqualTo(URI.create("https://api.twilio.com"));
    assertThat(s.publicBaseUrl()).isEqualTo(URI.create("https://astreinte.example.com"));
    assertThat(s.publicUrl("/twilio/status")).isEqualTo(URI.create("https://astreinte.example.com/twilio/status"));
  }

  @Test
  void apiBaseCanPointAtAFake() {
    Map<String, String> env = env();
    env.put("ASTREINTE_TWILIO_API_BASE", "http://127.0.0.1:4010");
    assertThat(fromEnvironment(env).orElseThrow().apiBase()).isEqualTo(URI.create("http://127.0.0.1:4010"));
  }

  @Test
  void emptyWithoutCredentials() {
    Map<String, String> env = env();
    env.remove("TWILIO_AUTH_TOKEN");
    assertThat(fromEnvironment(env)).isEmpty();
    env = env();
    env.put("TWILIO_ACCOUNT_SID", "  ");
    assertThat(fromEnvironment(env)).isEmpty();
    assertThat(fromEnvironment(Map.of())).isEmpty();
  }

  @Test
  void halfConfiguredIsAnErrorNamingTheVariable() {
    Map<String, String> env = env();
    env.remove("ASTREINTE_TWILIO_FROM");
    assertThatThrownBy(() -> fromEnvironment(env)).hasMessageContaining("ASTREINTE_TWILIO_FROM");
    Map<String, String> env2 = env();
    env2.remove("ASTREINTE_PUBLIC_URL");
    assertThatThrownBy(() -> fromEnvironment(env2)).hasMessageContaining("ASTREINTE_PUBLIC_URL");
    Map<String, String> env3 = env();
    env3.put("ASTREINTE_TWILIO_API_BASE", "not a url");
    assertThatThrownBy(() -> fromEnvironment(env3)).hasMessageContaining("ASTREINTE_TWILIO_API_BASE");
  }

  @Test
  void toStringNeverPrintsTheTokenNorTheFullNumber() {
    String text = fromEnvironment(env()).orElseThrow().toString();
    assertThat(text).doesNotContain("s3cr3t").doesNotContain("+33757000001").contains("****").contains("+337******01");
  }

  @Test
  void phonesAreMasked() {
    assertThat(Phones.mask("+33612345678")).isEqualTo("+336******78");
    assertThat(Phones.maskAll("The 'To' number +33612345678 is not valid")).isEqualTo("The 'To' number +336******78 is not valid");
  }
}

package com.serveurcom.astreinte.twilio;

import com.serveurcom.astreinte.paging.SignedUrls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.serveurcom.astreinte.paging.SignedUrls.Verification;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SignedUrlsTest {
  private static final byte[] SECRET = "0123456789abcdef0123456789abcdef-test".getBytes(StandardCharsets.UTF_8);
  private static final Instant NOW = Instant.parse("2026-11-27T02:00:00Z");
  private final SignedUrls urls = new SignedUrls(SECRET, Clock.fixed(NOW, ZoneOffset.UTC));
  private static final String PATH = "/recordings/msg0001.wav";

  private static String query(String signed) {
    return signed.substring(signed.indexOf('?') + 1);
  }

  @Test
  void aSignedUrlIsValidUntilItsExpiry() {
    String signed = urls.sign(PATH, NOW.plus(Duration.ofMinutes(30)));
    assertThat(signed).startsWith(PATH + "?exp=" + NOW.plus(Duration.ofMinutes(30)).getEpochSecond() + "&sig=");
    assertThat(urls.verify(PATH, query(signed))).isEqualTo(Verification.VALID);
  }

  @Test
  void expiredOnceTheClockPassesIt() {
    String signed = urls.sign(PATH, NOW.plusSeconds(60));
    SignedUrls later = new SignedUrls(SECRET, Clock.fixed(NOW.plusSeconds(60), ZoneOffset.UTC));
    assertThat(later.verify(PATH, query(signed))).isEqualTo(Verification.EXPIRED);
  }

  @Test
  void tamperingBreaksTheSignature() {
    String signed = urls.sign(PATH, NOW.plusSeconds(600));
    String q = query(signed);
    assertThat(urls.verify("/recordings/msg0002.wav", q)).isEqualTo(Verification.BAD_SIGNATURE);
    String longerExpiry = q.replace("exp=" + NOW.plusSeconds(600).getEpochSecond(), "exp=" + NOW.plusSeconds(99999).getEpochSecond());
    assertThat(urls.verify(PATH, longerExpiry)).isEqualTo(Verification.BAD_SIGNATURE);
    assertThat(urls.verify(PATH, q.substring(0, q.length() - 2) + "AA")).isEqualTo(Verification.BAD_SIGNATURE);
    assertThat(urls.verify(PATH, "exp=abc&sig=x")).isEqualTo(Verification.BAD_SIGNATURE);
    assertThat(urls.verify(PATH, "")).isEqualTo(Verification.BAD_SIGNATURE);
    assertThat(urls.verify(PATH, null)).isEqualTo(Verification.BAD_SIGNATURE);
    assertThat(urls.verify(PATH, "exp=1&sig=%zz")).as("a malformed escape is a bad link, not a crash")
        .isEqualTo(Verification.BAD_SIGNATURE);
  }

  @Test
  void anotherSecretDoesNotVerify() {
    String signed = urls.sign(PATH, NOW.plusSeconds(600));
    SignedUrls other = new SignedUrls("another-secret-another-secret-another".getBytes(StandardCharsets.UTF_8),
        Clock.fixed(NOW, ZoneOffset.UTC));
    assertThat(other.verify(PATH, query(signed))).isEqualTo(Verification.BAD_SIGNATURE);
  }

  @Test
  void secretsMustBeLongAndComeFromTheEnvironment() {
    assertThatThrownBy(() -> new SignedUrls("short".getBytes(StandardCharsets.UTF_8), Clock.systemUTC()))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> SignedUrls.fromSecret(null, Clock.systemUTC())).hasMessageContaining(SignedUrls.ENV_SECRET);
    assertThat(SignedUrls.fromSecret(new String(SECRET, StandardCharsets.UTF_8),
        Clock.systemUTC()).toString()).doesNotContain("0123456789abcdef");
    assertThatThrownBy(() -> urls.sign("relative/path", NOW)).isInstanceOf(IllegalArgumentException.class);
  }
}

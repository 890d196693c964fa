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
import java.util.List;
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

  /** The raw query decoded as the HTTP layer decodes it. */
  private static Map<String, List<String>> decoded(String rawQuery) {
    return ReceivedWebhook.query("/?" + rawQuery);
  }

  @Test
  void aSignedUrlIsValidUntilItsExpiry() {
    String signed = urls.sign(PATH, NOW.plus(Duration.ofMinutes(30)));
    assertThat(signed).startsWith(PATH + "?exp=" + NOW.plus(Duration.ofMinutes(30)).getEpochSecond() + "&sig=");
    assertThat(urls.verify(PATH, decoded(query(signed)))).isEqualTo(Verification.VALID);
  }

  @Test
  void expiredOnceTheClockPassesIt() {
    String signed = urls.sign(PATH, NOW.plusSeconds(60));
    SignedUrls later = new SignedUrls(SECRET, Clock.fixed(NOW.plusSeconds(60), ZoneOffset.UTC));
    assertThat(later.verify(PATH, decoded(query(signed)))).isEqualTo(Verification.EXPIRED);
  }

  @Test
  void tamperingBreaksTheSignature() {
    String signed = urls.sign(PATH, NOW.plusSeconds(600));
    String q = query(signed);
    assertThat(urls.verify("/recordings/msg0002.wav", decoded(q))).isEqualTo(Verification.BAD_SIGNATURE);
    String longerExpiry = q.replace("exp=" + NOW.plusSeconds(600).getEpochSecond(), "exp=" + NOW.plusSeconds(99999).getEpochSecond());
    assertThat(urls.verify(PATH, decoded(longerExpiry))).isEqualTo(Verification.BAD_SIGNATURE);
    assertThat(urls.verify(PATH, decoded(q.substring(0, q.length() - 2) + "AA"))).isEqualTo(Verification.BAD_SIGNATURE);
    assertThat(urls.verify(PATH, decoded("exp=abc&sig=x"))).isEqualTo(Verification.BAD_SIGNATURE);
    assertThat(urls.verify(PATH, decoded(""))).isEqualTo(Verification.BAD_SIGNATURE);
    assertThat(urls.verify(PATH, null)).isEqualTo(Verification.BAD_SIGNATURE);
    assertThat(urls.verify(PATH, decoded("exp=1&sig=%25zz"))).as("an escape decoding to junk is a bad link, not a crash")
        .isEqualTo(Verification.BAD_SIGNATURE);
    // A malformed escape never reaches the check: the HTTP layer's decoder refuses it (400, HttpServerTest).
    assertThatThrownBy(() -> decoded("exp=1&sig=%zz")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void repeatedNamesCannotExtendALinkNorSwapItsSignature() {
    long exp = NOW.plusSeconds(600).getEpochSecond();
    String q = query(urls.sign(PATH, NOW.plusSeconds(600)));
    String sig = q.substring(q.indexOf("sig=") + 4);
    // The decoder reads "=exp=abc" as one more exp: the signed one is still found, and it is the expiry.
    assertThat(urls.check(PATH, decoded("=exp=abc&" + q))).isEqualTo(new SignedUrls.Checked(Verification.VALID, exp));
    long later = NOW.plusSeconds(99999).getEpochSecond();
    assertThat(urls.check(PATH, decoded("exp=" + later + "&" + q)).expiresAt()).as("a later exp beside the signed one")
        .isEqualTo(exp);
    assertThat(urls.verify(PATH, decoded("exp=" + exp + "&sig=AAAA&sig=" + sig))).as("only the first sig counts")
        .isEqualTo(Verification.BAD_SIGNATURE);
  }

  @Test
  void anotherSecretDoesNotVerify() {
    String signed = urls.sign(PATH, NOW.plusSeconds(600));
    SignedUrls other = new SignedUrls("another-secret-another-secret-another".getBytes(StandardCharsets.UTF_8),
        Clock.fixed(NOW, ZoneOffset.UTC));
    assertThat(other.verify(PATH, decoded(query(signed)))).isEqualTo(Verification.BAD_SIGNATURE);
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

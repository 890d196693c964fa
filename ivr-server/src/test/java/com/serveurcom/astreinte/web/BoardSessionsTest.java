package com.serveurcom.astreinte.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.serveurcom.astreinte.testing.MutableClock;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class BoardSessionsTest {
  final MutableClock clock = new MutableClock(Instant.parse("2026-03-01T10:00:00Z"));

  @Test
  void aSessionLastsItsLifetimeAndNoLonger() {
    BoardSessions s = new BoardSessions(BoardSessions.randomKey(), Duration.ofHours(12), false, clock);
    String value = s.open();
    Optional<String> id = s.session(Optional.of("other=1; " + BoardSessions.COOKIE + "=" + value));
    assertThat(id).isPresent();
    clock.advance(Duration.ofHours(12).minusSeconds(1));
    assertThat(s.session(Optional.of(BoardSessions.COOKIE + "=" + value))).isPresent();
    clock.advance(Duration.ofSeconds(1));
    assertThat(s.session(Optional.of(BoardSessions.COOKIE + "=" + value))).isEmpty();
  }

  @Test
  void aCookieMadeElsewhereOrAlteredIsRefused() {
    BoardSessions s = new BoardSessions(BoardSessions.randomKey(), Duration.ofHours(12), false, clock);
    BoardSessions other = new BoardSessions(BoardSessions.randomKey(), Duration.ofHours(12), false, clock);
    String value = other.open();
    assertThat(s.session(Optional.of(BoardSessions.COOKIE + "=" + value))).isEmpty();
    String mine = s.open();
    String[] p = mine.split("\\.");
    // A later expiry with the same signature.
    String extended = p[0] + "." + (Long.parseLong(p[1]) + 3600) + "." + p[2];
    assertThat(s.session(Optional.of(BoardSessions.COOKIE + "=" + extended))).isEmpty();
    assertThat(s.session(Optional.of(BoardSessions.COOKIE + "=garbage"))).isEmpty();
    assertThat(s.session(Optional.empty())).isEmpty();
  }

  @Test
  void theFormTokenBelongsToItsSession() {
    BoardSessions s = new BoardSessions(BoardSessions.randomKey(), Duration.ofHours(12), false, clock);
    String a = s.session(Optional.of(BoardSessions.COOKIE + "=" + s.open())).orElseThrow();
    String b = s.session(Optional.of(BoardSessions.COOKIE + "=" + s.open())).orElseThrow();
    assertThat(s.csrfValid(a, s.csrfToken(a))).isTrue();
    assertThat(s.csrfValid(b, s.csrfToken(a))).isFalse();
    assertThat(s.csrfValid(a, null)).isFalse();
    assertThat(s.csrfValid(a, "")).isFalse();
  }

  @Test
  void theCookieIsHttpOnlyStrictAndSecureOverHttps() {
    BoardSessions plain = BoardSessions.forServer(Optional.of(URI.create("http://127.0.0.1:8080")), Optional.empty());
    BoardSessions https = BoardSessions.forServer(Optional.of(URI.create("https://astreinte.example.fr")),
        Optional.of("0123456789abcdef0123456789abcdef"));
    assertThat(plain.setCookie("v")).contains("HttpOnly").contains("SameSite=Strict").doesNotContain("Secure");
    assertThat(https.setCookie("v")).contains("HttpOnly").contains("SameSite=Strict").endsWith("; Secure");
    assertThat(https.clearCookie()).contains("Max-Age=0").contains("Secure");
  }
}

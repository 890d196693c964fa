package com.serveurcom.astreinte.web;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Objects;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The supervisors' sessions: a cookie {@code <id>.<expiry>.<hmac>} that the server alone can make, so no
 * session table; and each session's form token (CSRF), an HMAC of its id. The cookie is {@code HttpOnly},
 * {@code SameSite=Strict}, and {@code Secure} when the board is served over HTTPS.
 */
public final class BoardSessions {
  public static final String COOKIE = "astreinte_session";
  private static final String ALGORITHM = "HmacSHA256";
  private static final SecureRandom RANDOM = new SecureRandom();

  private final SecretKeySpec key;
  private final Duration lifetime;
  private final boolean secure;
  private final Clock clock;

  /**
   * @param key    32 bytes or more; a random one per process is fine (a restart then asks to log in again)
   * @param secure whether the board is reached over HTTPS ({@code ASTREINTE_PUBLIC_URL} https)
   * @param clock  the wall clock, not a demo's simulated one: a demo moved a month back must not log out
   */
  public BoardSessions(byte[] key, Duration lifetime, boolean secure, Clock clock) {
    if (key.length < 32) {
      throw new IllegalArgumentException("la clé de session doit faire au moins 32 octets");
    }
    this.key = new SecretKeySpec(key.clone(), ALGORITHM);
    this.lifetime = Objects.requireNonNull(lifetime, "lifetime");
    this.secure = secure;
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /**
   * The board's sessions as the server runs them: {@code Secure} cookies when the public URL is https; the key
   * derived from the URL signing secret when there is one (sessions then outlive a restart), else random.
   */
  public static BoardSessions forServer(Optional<java.net.URI> publicUrl, Optional<String> signingSecret) {
    byte[] key = signingSecret.map(s -> derive(s.getBytes(StandardCharsets.UTF_8))).orElseGet(BoardSessions::randomKey);
    boolean https = publicUrl.map(u -> "https".equalsIgnoreCase(u.getScheme())).orElse(false);
    return new BoardSessions(key, Duration.ofHours(12), https, Clock.systemUTC());
  }

  /** A key of its own for the sessions, so a session cookie and a signed link never share one. */
  private static byte[] derive(byte[] secret) {
    try {
      Mac m = Mac.getInstance(ALGORITHM);
      m.init(new SecretKeySpec(secret, ALGORITHM));
      return m.doFinal("astreinte board sessions".getBytes(StandardCharsets.UTF_8));
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException(ALGORITHM + " indisponible", e);
    }
  }

  public static byte[] randomKey() {
    byte[] k = new byte[32];
    RANDOM.nextBytes(k);
    return k;
  }

  /** A new session's cookie value. */
  public String open() {
    byte[] id = new byte[18];
    RANDOM.nextBytes(id);
    String sid = Base64.getUrlEncoder().withoutPadding().encodeToString(id);
    long exp = clock.instant().getEpochSecond() + lifetime.toSeconds();
    return sid + "." + exp + "." + mac("session|" + sid + "|" + exp);
  }

  /** The session id of a valid, unexpired cookie header. */
  public Optional<String> session(Optional<String> cookieHeader) {
    if (cookieHeader.isEmpty()) {
      return Optional.empty();
    }
    for (String part : cookieHeader.get().split(";")) {
      String c = part.strip();
      if (!c.startsWith(COOKIE + "=")) {
        continue;
      }
      String[] v = c.substring(COOKIE.length() + 1).split("\\.");
      if (v.length != 3 || !v[1].matches("\\d{1,12}")) {
        return Optional.empty();
      }
      boolean signed = MessageDigest.isEqual(mac("session|" + v[0] + "|" + v[1]).getBytes(StandardCharsets.US_ASCII),
          v[2].getBytes(StandardCharsets.US_ASCII));
      if (!signed || Long.parseLong(v[1]) <= clock.instant().getEpochSecond()) {
        return Optional.empty();
      }
      return Optional.of(v[0]);
    }
    return Optional.empty();
  }

  /** The Set-Cookie header of a new session. */
  public String setCookie(String value) {
    return COOKIE + "=" + value + "; Path=/; Max-Age=" + lifetime.toSeconds() + "; HttpOnly; SameSite=Strict"
        + (secure ? "; Secure" : "");
  }

  /** The Set-Cookie header that ends the session in the browser. */
  public String clearCookie() {
    return COOKIE + "=; Path=/; Max-Age=0; HttpOnly; SameSite=Strict" + (secure ? "; Secure" : "");
  }

  /** The form token of a session. */
  public String csrfToken(String sessionId) {
    return mac("csrf|" + sessionId);
  }

  public boolean csrfValid(String sessionId, String token) {
    return token != null && MessageDigest.isEqual(csrfToken(sessionId).getBytes(StandardCharsets.US_ASCII),
        token.getBytes(StandardCharsets.US_ASCII));
  }

  private String mac(String text) {
    try {
      Mac m = Mac.getInstance(ALGORITHM);
      m.init(key);
      return Base64.getUrlEncoder().withoutPadding().encodeToString(m.doFinal(text.getBytes(StandardCharsets.UTF_8)));
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException(ALGORITHM + " indisponible", e);
    }
  }
}

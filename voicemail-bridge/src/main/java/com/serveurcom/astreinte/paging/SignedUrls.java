package com.serveurcom.astreinte.paging;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Expiring links to recorded messages. Twilio fetches the recording ({@code <Play>}) from our public URL
 * without any credential of ours, so the URL itself carries the permission: {@code ?exp=…&sig=…} where
 * {@code sig} is HMAC-SHA256 over the path and the expiry. A leaked link stops working at {@code exp}.
 */
public final class SignedUrls {
  /** Proposed name: not yet in DESIGN.md's table of shared names. */
  public static final String ENV_SECRET = "ASTREINTE_URL_SIGNING_SECRET";
  private static final int MIN_SECRET_BYTES = 32;
  private static final String ALGORITHM = "HmacSHA256";

  public enum Verification {
    VALID,
    EXPIRED,
    BAD_SIGNATURE
  }

  private final SecretKeySpec key;
  private final Clock clock;

  public SignedUrls(byte[] secret, Clock clock) {
    Objects.requireNonNull(secret, "secret");
    if (secret.length < MIN_SECRET_BYTES) {
      throw new IllegalArgumentException("le secret de signature des liens doit faire au moins " + MIN_SECRET_BYTES + " octets");
    }
    this.key = new SecretKeySpec(secret.clone(), ALGORITHM);
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** From the text of {@value #ENV_SECRET}; throws when absent or too short (recording links cannot be served without it). */
  public static SignedUrls fromSecret(String s, Clock clock) {
    if (s == null || s.isBlank()) {
      throw new IllegalArgumentException(ENV_SECRET + " est obligatoire pour signer les liens des enregistrements");
    }
    return new SignedUrls(s.getBytes(StandardCharsets.UTF_8), clock);
  }

  /** {@code path?exp=…&sig=…}; the path must start with '/' and carry no query. */
  public String sign(String path, Instant expiry) {
    requirePath(path);
    long exp = expiry.getEpochSecond();
    return path + "?exp=" + exp + "&sig=" + signature(path, exp);
  }

  /**
   * Checks a path (raw, as received) and its query parameters, decoded once by the HTTP layer (Netty's
   * {@code QueryStringDecoder}, which answers 400 to a malformed escape before any route runs). Only the
   * first {@code sig} counts ("sig=good&sig=other" is never read two ways); of several {@code exp} values
   * the one that signature covers is the expiry (the decoder reads a stray {@code =exp=abc} as one more
   * {@code exp}: it cannot extend a link, whose expiry is signed), and the caller gets it from
   * {@link #check}, never by reading the query again.
   */
  public Verification verify(String path, Map<String, List<String>> query) {
    return check(path, query).verdict();
  }

  /**
   * The verdict and the expiry that was signed ({@code 0} unless the signature holds): a caller that needs the
   * expiry takes it from here, read by the same parser that checked it, never by a second one.
   */
  public record Checked(Verification verdict, long expiresAt) {}

  /** {@link #verify} with the signed expiry. */
  public Checked check(String path, Map<String, List<String>> query) {
    Checked bad = new Checked(Verification.BAD_SIGNATURE, 0);
    if (path == null || query == null) {
      return bad;
    }
    List<String> expTexts = query.getOrDefault("exp", List.of());
    String sig = first(query, "sig");
    if (sig == null) {
      return bad;
    }
    for (String expText : expTexts) {
      if (!expText.matches("\\d{1,12}")) {
        continue;
      }
      long exp = Long.parseLong(expText);
      byte[] expected = signature(path, exp).getBytes(StandardCharsets.US_ASCII);
      // Constant time, so the response time does not tell how many leading characters were right.
      if (MessageDigest.isEqual(expected, sig.getBytes(StandardCharsets.US_ASCII))) {
        // Checked after the signature, so "expired" is only ever said about a link we really issued.
        return new Checked(clock.instant().getEpochSecond() >= exp ? Verification.EXPIRED : Verification.VALID, exp);
      }
    }
    return bad;
  }

  private String signature(String path, long exp) {
    try {
      Mac mac = Mac.getInstance(ALGORITHM);
      mac.init(key);
      byte[] h = mac.doFinal((path + "\n" + exp).getBytes(StandardCharsets.UTF_8));
      return Base64.getUrlEncoder().withoutPadding().encodeToString(h);
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException("HmacSHA256 unavailable", e);
    }
  }

  private static void requirePath(String path) {
    if (path == null || !path.startsWith("/") || path.contains("?") || path.contains("#")) {
      throw new IllegalArgumentException("expected an absolute path without query: " + path);
    }
  }

  private static String first(Map<String, List<String>> query, String name) {
    List<String> values = query.get(name);
    return values == null || values.isEmpty() ? null : values.get(0);
  }

  @Override
  public String toString() {
    return "SignedUrls[HmacSHA256, secret=****]";
  }
}

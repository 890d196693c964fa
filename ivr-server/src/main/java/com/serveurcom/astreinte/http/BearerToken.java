package com.serveurcom.astreinte.http;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;

/** Checks {@code Authorization: Bearer <token>} in constant time, so timing does not leak the token. */
public final class BearerToken {
  private final byte[] expected;

  public BearerToken(String token) {
    if (token == null || token.isBlank()) {
      throw new IllegalArgumentException("API token must not be empty");
    }
    this.expected = token.getBytes(StandardCharsets.UTF_8);
  }

  public boolean accepts(Optional<String> authorization) {
    if (authorization.isEmpty()) {
      return false;
    }
    String h = authorization.get().trim();
    if (h.length() < 7 || !h.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return false;
    }
    byte[] given = h.substring(7).trim().getBytes(StandardCharsets.UTF_8);
    return MessageDigest.isEqual(expected, given);
  }
}

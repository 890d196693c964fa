package com.serveurcom.astreinte.mail;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Locale;

/**
 * The {@code Message-ID} of an e-mail, from its outbox key: the same at every attempt and on every
 * instance, unique per key (SHA-256), and revealing nothing of the key (a ticket, an address).
 */
public final class MessageIds {
  private MessageIds() {}

  public static String of(String outboxKey, String domain) {
    try {
      byte[] h = MessageDigest.getInstance("SHA-256").digest(outboxKey.getBytes(StandardCharsets.UTF_8));
      StringBuilder sb = new StringBuilder("<");
      for (int i = 0; i < 16; i++) {
        sb.append(String.format(Locale.ROOT, "%02x", h[i] & 0xff));
      }
      return sb.append(".astreinte@").append(domain).append('>').toString();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** For logs: the first letter of the mailbox and its domain. */
  public static String masked(String address) {
    int at = address.indexOf('@');
    return at <= 0 ? "***" : address.charAt(0) + "***" + address.substring(at);
  }
}

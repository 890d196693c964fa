package com.serveurcom.astreinte.mail;

import java.time.Instant;
import java.util.Objects;

/**
 * One e-mail as it goes to the relay: plain text, and the HTML drawn from it.
 *
 * @param messageId the {@code Message-ID} header, angle brackets included: the same at every attempt
 * @param toName    the recipient's name, null when unknown
 */
public record OutgoingMail(String messageId, String to, String toName, String subject, String text, Instant date) {
  public OutgoingMail {
    Objects.requireNonNull(messageId, "messageId");
    Objects.requireNonNull(to, "to");
    Objects.requireNonNull(subject, "subject");
    Objects.requireNonNull(text, "text");
    Objects.requireNonNull(date, "date");
  }
}

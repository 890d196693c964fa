package com.serveurcom.astreinte.mail;

import java.net.URI;
import java.util.Objects;
import java.util.Optional;

/**
 * How the engine's e-mails go out: the mailer, the public address their links start with, and the
 * domain of their Message-IDs.
 *
 * @param publicUrl {@code ASTREINTE_PUBLIC_URL}; empty: e-mails carry no link
 */
public record Mailing(Mailer mailer, Optional<URI> publicUrl, String domain) {
  public Mailing {
    Objects.requireNonNull(mailer, "mailer");
    Objects.requireNonNull(publicUrl, "publicUrl");
    Objects.requireNonNull(domain, "domain");
  }

  /** E-mail off: each e-mail is kept in the database, never sent. */
  public static Mailing kept(Optional<URI> publicUrl) {
    return new Mailing(Mailer.KEPT, publicUrl, "astreinte.invalid");
  }

  /** Through the relay of {@code settings}. */
  public static Mailing smtp(MailSettings settings, Optional<URI> publicUrl) {
    return new Mailing(new SmtpMailer(settings), publicUrl, settings.domain());
  }

  public boolean sends() {
    return !mailer.transport().equals("kept");
  }
}

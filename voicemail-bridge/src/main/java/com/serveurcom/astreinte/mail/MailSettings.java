package com.serveurcom.astreinte.mail;

import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

/**
 * The operator's SMTP relay, from the environment (read by ivr-server's {@code Settings}, the only
 * reader of the environment): {@value #ENV_URL} ({@code smtp://host:port}, STARTTLS when the relay
 * offers it, or {@code smtps://host:port}, TLS from the first byte), {@value #ENV_USER} and
 * {@value #ENV_PASSWORD} when the relay wants a login, {@value #ENV_FROM} the sender address.
 * {@link #toString()} never shows the password.
 *
 * @param port        25 for smtp and 465 for smtps when the URL gives none
 * @param implicitTls smtps: TLS from the first byte; smtp: STARTTLS when offered
 */
public record MailSettings(String host, int port, boolean implicitTls, Optional<String> user,
    Optional<String> password, String from, Duration connectTimeout, Duration readTimeout) {
  public static final String ENV_URL = "ASTREINTE_SMTP_URL";
  public static final String ENV_USER = "ASTREINTE_SMTP_USER";
  public static final String ENV_PASSWORD = "ASTREINTE_SMTP_PASSWORD";
  public static final String ENV_FROM = "ASTREINTE_MAIL_FROM";

  public MailSettings {
    user = user == null ? Optional.empty() : user;
    password = password == null ? Optional.empty() : password;
  }

  /**
   * The relay the variables describe; empty when {@value #ENV_URL} is not set (e-mail is off).
   *
   * @throws IllegalArgumentException naming the variable that is wrong
   */
  public static Optional<MailSettings> of(String url, String user, String password, String from) {
    if (blank(url)) {
      return Optional.empty();
    }
    URI uri;
    try {
      uri = new URI(url.strip());
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException(ENV_URL + " n'est pas une URL : " + e.getReason());
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("smtp") && !scheme.equals("smtps")) {
      throw new IllegalArgumentException(ENV_URL + " doit être smtp://hôte:port ou smtps://hôte:port, pas « " + url + " »");
    }
    if (uri.getHost() == null || uri.getHost().isBlank()) {
      throw new IllegalArgumentException(ENV_URL + " ne nomme aucun hôte : « " + url + " »");
    }
    if (uri.getUserInfo() != null) {
      throw new IllegalArgumentException(ENV_URL + " ne doit pas contenir l'identifiant : utiliser " + ENV_USER + " et " + ENV_PASSWORD);
    }
    boolean tls = scheme.equals("smtps");
    int port = uri.getPort() > 0 ? uri.getPort() : tls ? 465 : 25;
    if (blank(from)) {
      throw new IllegalArgumentException(ENV_FROM + " est nécessaire avec " + ENV_URL + " (l'adresse d'expéditeur, par exemple"
          + " astreinte@serveurcom.fr)");
    }
    try {
      new InternetAddress(from.strip(), true);
    } catch (AddressException e) {
      throw new IllegalArgumentException(ENV_FROM + " n'est pas une adresse électronique : « " + from + " »");
    }
    if (!from.contains("@")) {
      throw new IllegalArgumentException(ENV_FROM + " n'est pas une adresse électronique : « " + from + " »");
    }
    if (blank(user) && !blank(password)) {
      throw new IllegalArgumentException(ENV_PASSWORD + " est défini sans " + ENV_USER);
    }
    return Optional.of(new MailSettings(uri.getHost(), port, tls, blank(user) ? Optional.empty() : Optional.of(user.strip()),
        blank(password) ? Optional.empty() : Optional.of(password), from.strip(), Duration.ofSeconds(10),
        Duration.ofSeconds(30)));
  }

  /** The domain of the sender address: the right-hand side of every Message-ID. */
  public String domain() {
    String address = from;
    int lt = address.lastIndexOf('<');
    if (lt >= 0) {
      address = address.substring(lt + 1, address.indexOf('>', lt) < 0 ? address.length() : address.indexOf('>', lt));
    }
    return address.substring(address.lastIndexOf('@') + 1).strip().toLowerCase(Locale.ROOT);
  }

  public MailSettings withTimeouts(Duration connect, Duration read) {
    return new MailSettings(host, port, implicitTls, user, password, from, connect, read);
  }

  private static boolean blank(String s) {
    return s == null || s.isBlank();
  }

  @Override
  public String toString() {
    return "MailSettings[" + (implicitTls ? "smtps" : "smtp") + "://" + host + ":" + port
        + user.map(u -> ", user=" + u + ", password=****").orElse("") + ", from=" + from + "]";
  }
}

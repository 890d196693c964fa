package com.serveurcom.astreinte.mail;

import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;
import jakarta.mail.Session;
import jakarta.mail.URLName;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.io.IOException;
import java.io.UnsupportedEncodingException;
import java.nio.charset.StandardCharsets;
import java.util.Date;
import java.util.Objects;
import java.util.Properties;
import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;
import org.eclipse.angus.mail.smtp.SMTPSenderFailedException;
import org.eclipse.angus.mail.smtp.SMTPTransport;

/**
 * E-mail through the operator's relay with Jakarta Mail (Eclipse Angus): one SMTP session per
 * e-mail, STARTTLS when the relay offers it on {@code smtp://}, TLS from the first byte on
 * {@code smtps://}, the server's certificate and name checked. Each answer is classified for the
 * engine: a 5xx is final, a 4xx or a relay that cannot be reached is tried again, and a session that
 * breaks after the end of the data went out is <em>uncertain</em> (the relay may have queued it: see
 * docs/mail.md). The {@code Message-ID} is the caller's, so an e-mail keeps it across attempts.
 */
public final class SmtpMailer implements Mailer {
  private final MailSettings settings;
  private final Session session;
  private final InternetAddress from;

  public SmtpMailer(MailSettings settings) {
    this.settings = Objects.requireNonNull(settings, "settings");
    String p = settings.implicitTls() ? "mail.smtps." : "mail.smtp.";
    Properties props = new Properties();
    props.put(p + "host", settings.host());
    props.put(p + "port", String.valueOf(settings.port()));
    props.put(p + "connectiontimeout", String.valueOf(settings.connectTimeout().toMillis()));
    props.put(p + "timeout", String.valueOf(settings.readTimeout().toMillis()));
    props.put(p + "writetimeout", String.valueOf(settings.readTimeout().toMillis()));
    props.put(p + "auth", String.valueOf(settings.user().isPresent()));
    props.put(p + "ssl.checkserveridentity", "true");
    if (!settings.implicitTls()) {
      // STARTTLS whenever the relay offers it; a relay that does not is spoken to in clear (a local relay).
      props.put(p + "starttls.enable", "true");
    }
    props.put(p + "from", settings.from());
    this.session = Session.getInstance(props);
    try {
      this.from = new InternetAddress(settings.from(), true);
    } catch (MessagingException e) {
      throw new IllegalArgumentException("adresse d'expéditeur incorrecte : " + e.getMessage(), e);
    }
  }

  @Override
  public String transport() {
    return "smtp";
  }

  @Override
  public String send(OutgoingMail mail, Runnable endOfData) throws MailFailure {
    MimeMessage message;
    try {
      message = message(mail);
    } catch (MessagingException | UnsupportedEncodingException e) {
      throw new MailFailure(MailFailure.Kind.PERMANENT, -1, "courriel impossible à rédiger : " + e.getMessage(), e);
    }
    String protocol = settings.implicitTls() ? "smtps" : "smtp";
    Transport transport = new Transport(session, new URLName(protocol, settings.host(), settings.port(), null, null, null),
        protocol, settings.implicitTls(), endOfData);
    try {
      try {
        transport.connect(settings.host(), settings.port(), settings.user().orElse(null),
            settings.password().orElse(null));
      } catch (AuthenticationFailedException e) {
        // A login refused is the relay's settings, not this e-mail: tried again once they are fixed.
        throw new MailFailure(MailFailure.Kind.RETRY, transport.getLastReturnCode(),
            "le relais a refusé l'identification (" + ASTREINTE_SMTP_USER + "/" + ASTREINTE_SMTP_PASSWORD + ") : "
                + oneLine(e.getMessage()), e);
      } catch (MessagingException e) {
        int code = replyCode(e);
        throw new MailFailure(code >= 500 && code < 600 ? MailFailure.Kind.PERMANENT : MailFailure.Kind.RETRY, code,
            "relais " + settings.host() + ":" + settings.port() + " injoignable : " + describe(e), e);
      }
      try {
        transport.sendMessage(message, message.getAllRecipients());
        return oneLine(transport.getLastServerResponse());
      } catch (MessagingException e) {
        int code = replyCode(e);
        if (code >= 500 && code < 600) {
          throw new MailFailure(MailFailure.Kind.PERMANENT, code, "refusé par le relais : " + describe(e), e);
        }
        if (code >= 400 && code < 500) {
          throw new MailFailure(MailFailure.Kind.RETRY, code, "différé par le relais : " + describe(e), e);
        }
        if (transport.endOfDataSent) {
          throw new MailFailure(MailFailure.Kind.UNCERTAIN, -1,
              "pas de réponse du relais après la fin du message : " + describe(e), e);
        }
        throw new MailFailure(MailFailure.Kind.RETRY, -1, "session coupée avant la fin du message : " + describe(e),
            e);
      }
    } finally {
      try {
        transport.close();
      } catch (MessagingException e) {
        // QUIT unanswered: the message's fate was settled before.
      }
    }
  }

  private static final String ASTREINTE_SMTP_USER = MailSettings.ENV_USER;
  private static final String ASTREINTE_SMTP_PASSWORD = MailSettings.ENV_PASSWORD;

  private MimeMessage message(OutgoingMail mail) throws MessagingException, UnsupportedEncodingException {
    MimeMessage m = new MimeMessage(session) {
      @Override
      protected void updateMessageID() throws MessagingException {
        setHeader("Message-ID", mail.messageId());
      }
    };
    m.setFrom(from);
    m.setRecipient(Message.RecipientType.TO, mail.toName() == null || mail.toName().isBlank()
        ? new InternetAddress(mail.to(), true) : new InternetAddress(mail.to(), mail.toName(), "UTF-8"));
    m.setSubject(mail.subject(), "UTF-8");
    m.setSentDate(Date.from(mail.date()));
    // RFC 3834: an automatic message; out-of-office replies must not answer it.
    m.setHeader("Auto-Submitted", "auto-generated");
    MimeBodyPart text = new MimeBodyPart();
    text.setText(mail.text(), StandardCharsets.UTF_8.name(), "plain");
    MimeBodyPart html = new MimeBodyPart();
    html.setText(MailHtml.of(mail.subject(), mail.text()), StandardCharsets.UTF_8.name(), "html");
    MimeMultipart alternative = new MimeMultipart("alternative", text, html);
    m.setContent(alternative);
    m.saveChanges();
    return m;
  }

  /** The relay's reply code carried by a failure, or -1. */
  static int replyCode(Throwable e) {
    for (Throwable t = e; t != null; t = next(t)) {
      if (t instanceof SMTPSendFailedException s) {
        return s.getReturnCode();
      }
      if (t instanceof SMTPAddressFailedException s) {
        return s.getReturnCode();
      }
      if (t instanceof SMTPSenderFailedException s) {
        return s.getReturnCode();
      }
    }
    return -1;
  }

  private static Throwable next(Throwable t) {
    if (t instanceof MessagingException m && m.getNextException() != null && m.getNextException() != t) {
      return m.getNextException();
    }
    return t.getCause() == t ? null : t.getCause();
  }

  /** The failure in one line, with the relay's own answer when it gave one. */
  private static String describe(MessagingException e) {
    StringBuilder sb = new StringBuilder(oneLine(e.getMessage()));
    for (Throwable t = next(e); t != null && t != e; t = next(t)) {
      String m = oneLine(t.getMessage());
      if (!m.isEmpty() && sb.indexOf(m) < 0) {
        sb.append(t instanceof SendFailedException ? " : " : " (" + t.getClass().getSimpleName() + ": ").append(m)
            .append(t instanceof SendFailedException ? "" : ")");
      }
      if (t == next(t)) {
        break;
      }
    }
    return sb.toString();
  }

  private static String oneLine(String s) {
    return s == null ? "" : s.replaceAll("\\s+", " ").strip();
  }

  /** Angus's SMTP session, telling when the end of the data is about to go out. */
  private static final class Transport extends SMTPTransport {
    private final Runnable endOfData;
    volatile boolean endOfDataSent;

    Transport(Session session, URLName url, String protocol, boolean ssl, Runnable endOfData) {
      super(session, url, protocol, ssl);
      this.endOfData = endOfData;
    }

    @Override
    protected void finishData() throws IOException, MessagingException {
      mark();
      super.finishData();
    }

    @Override
    protected void finishBdat() throws IOException, MessagingException {
      mark();
      super.finishBdat();
    }

    private void mark() {
      if (!endOfDataSent) {
        endOfData.run();
        endOfDataSent = true;
      }
    }
  }
}

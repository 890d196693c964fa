package com.serveurcom.astreinte.mail;

import static com.serveurcom.astreinte.database.generated.Tables.MAIL_DELIVERY;
import static com.serveurcom.astreinte.database.generated.Tables.OUTBOX;

import com.serveurcom.astreinte.database.Database;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.jooq.Condition;
import org.jooq.impl.DSL;

/** Reads what was e-mailed or kept ({@code astreinte mails}), newest first. */
public final class MailLog {
  /** The states an administrator may send again ({@link MailResends}): the engine will not by itself. */
  public static final Set<String> RESENDABLE = Set.of("uncertain", "rejected", "abandoned");

  /**
   * One e-mail.
   *
   * @param status    prepared | sending | sent | failed | abandoned | rejected | uncertain | kept: the row's
   *                  {@code mail_delivery} status, except {@code abandoned}, a {@code failed} one whose outbox
   *                  row gave up after its attempts (no new try will come)
   * @param transport smtp, or kept when e-mail is off
   */
  public record Mail(long id, Instant at, String template, String ticket, String recipient, String recipientName,
      String subject, String body, String messageId, String transport, String status, int attempts, String smtpReply,
      String error, Instant updatedAt) {}

  private final Database database;

  public MailLog(Database database) {
    this.database = Objects.requireNonNull(database, "database");
  }

  /** @param ticket only this request's e-mails when non-null */
  public List<Mail> recent(int limit, String ticket) {
    Condition c = ticket == null ? DSL.trueCondition() : MAIL_DELIVERY.TICKET_NUMBER.eq(ticket);
    return database.dsl().select(MAIL_DELIVERY.fields()).select(OUTBOX.STATUS)
        .from(MAIL_DELIVERY).join(OUTBOX).on(OUTBOX.ID.eq(MAIL_DELIVERY.OUTBOX_ID))
        .where(c)
        .orderBy(MAIL_DELIVERY.CREATED_AT.desc(), MAIL_DELIVERY.ID.desc())
        .limit(Math.max(1, Math.min(limit, 1000)))
        .fetch(row -> {
          var r = row.into(MAIL_DELIVERY);
          return new Mail(r.getId(), r.getCreatedAt().toInstant(), r.getTemplate(), r.getTicketNumber(),
              r.getRecipient(), r.getRecipientName(), r.getSubject(), r.getBody(), r.getMessageId(), r.getTransport(),
              state(r.getStatus(), row.get(OUTBOX.STATUS)), r.getAttempts(), r.getSmtpReply(), r.getError(),
              r.getUpdatedAt().toInstant());
        });
  }

  /**
   * An e-mail's state from its {@code mail_delivery} status and its outbox row's: a {@code failed} try
   * whose row the outbox has given up on is {@code abandoned} (the outbox owns that fact).
   */
  static String state(String mailStatus, String outboxStatus) {
    return "failed".equals(mailStatus) && "failed".equals(outboxStatus) ? "abandoned" : mailStatus;
  }

  /** A state in French, as an administrator reads it. */
  public static String describe(String state) {
    return switch (state) {
      case "prepared" -> "prêt, pas encore envoyé";
      case "sending" -> "envoi en cours";
      case "sent" -> "envoyé";
      case "failed" -> "échec, nouvel essai prévu";
      case "abandoned" -> "abandonné après plusieurs échecs";
      case "rejected" -> "refusé par le relais";
      case "uncertain" -> "incertain, non renvoyé";
      case "kept" -> "conservé (pas de relais SMTP)";
      default -> state;
    };
  }
}

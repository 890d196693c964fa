package com.serveurcom.astreinte.mail;

import static com.serveurcom.astreinte.database.generated.Tables.MAIL_DELIVERY;

import com.serveurcom.astreinte.database.Database;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.jooq.Condition;
import org.jooq.impl.DSL;

/** Reads what was e-mailed or kept ({@code astreinte mails}), newest first. */
public final class MailLog {
  /**
   * One e-mail.
   *
   * @param status    prepared | sending | sent | failed | rejected | uncertain | kept
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
    return database.dsl().selectFrom(MAIL_DELIVERY).where(c)
        .orderBy(MAIL_DELIVERY.CREATED_AT.desc(), MAIL_DELIVERY.ID.desc())
        .limit(Math.max(1, Math.min(limit, 1000)))
        .fetch(r -> new Mail(r.getId(), r.getCreatedAt().toInstant(), r.getTemplate(), r.getTicketNumber(),
            r.getRecipient(), r.getRecipientName(), r.getSubject(), r.getBody(), r.getMessageId(), r.getTransport(),
            r.getStatus(), r.getAttempts(), r.getSmtpReply(), r.getError(), r.getUpdatedAt().toInstant()));
  }
}

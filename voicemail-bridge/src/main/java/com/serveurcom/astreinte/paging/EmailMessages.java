package com.serveurcom.astreinte.paging;

import static com.serveurcom.astreinte.database.generated.Tables.MAIL_DELIVERY;

import com.serveurcom.astreinte.database.Database;
import com.serveurcom.astreinte.database.generated.tables.records.MailDeliveryRecord;
import com.serveurcom.astreinte.mail.MailFailure;
import com.serveurcom.astreinte.mail.MailTexts;
import com.serveurcom.astreinte.mail.Mailer;
import com.serveurcom.astreinte.mail.MessageIds;
import com.serveurcom.astreinte.mail.OutgoingMail;
import com.serveurcom.astreinte.database.Timestamps;
import com.serveurcom.astreinte.outbox.Outbox;
import com.serveurcom.astreinte.outbox.OutboxMessage;
import com.serveurcom.astreinte.rota.Rota;
import java.net.URI;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The handler of {@link OutboxMessage.Email}: renders the e-mail once, writes it ahead in
 * {@code mail_delivery} ({@code prepared}), marks it {@code sending} just before the end of the data
 * goes to the relay, then records the relay's answer. What each state means at the next attempt:
 * <ul>
 *   <li>{@code prepared} or {@code failed}: the relay has not got it: sent again (same Message-ID);
 *   <li>{@code sending} (the process died in the last step) or {@code uncertain}: the relay may have it:
 *       <em>not</em> sent again, the row is failed and the e-mail shown as uncertain (docs/mail.md);
 *   <li>{@code sent}, {@code kept}: done; {@code rejected} (5xx): failed for good, never retried.
 * </ul>
 * With e-mail off ({@link Mailer#KEPT}) the e-mail is rendered and kept, not sent: {@code astreinte mails} lists it.
 */
final class EmailMessages {
  private static final Logger LOG = LoggerFactory.getLogger(EmailMessages.class);

  private final Database database;
  private final Mailer mailer;
  private final Supplier<MailTexts> texts;
  private final Supplier<Rota> rota;
  private final Optional<URI> publicUrl;
  private final String domain;

  /** @param domain the right-hand side of the Message-IDs (the sender's domain) */
  EmailMessages(Database database, Mailer mailer, Supplier<MailTexts> texts, Supplier<Rota> rota,
      Optional<URI> publicUrl, String domain) {
    this.database = Objects.requireNonNull(database, "database");
    this.mailer = Objects.requireNonNull(mailer, "mailer");
    this.texts = Objects.requireNonNull(texts, "texts");
    this.rota = Objects.requireNonNull(rota, "rota");
    this.publicUrl = Objects.requireNonNull(publicUrl, "publicUrl");
    this.domain = Objects.requireNonNull(domain, "domain");
  }

  Outcome handle(Outbox.Item item, OutboxMessage.Email m, Instant now) {
    boolean kept = mailer.transport().equals("kept");
    MailDeliveryRecord d = database.dsl().selectFrom(MAIL_DELIVERY).where(MAIL_DELIVERY.OUTBOX_ID.eq(item.id())).fetchOne();
    if (d == null) {
      if (m.to().isBlank() || !m.to().contains("@")) {
        return Outcome.failed("courriel sans adresse valable");
      }
      MailTexts.Rendered r;
      try {
        r = texts.get().render(m, publicUrl, rota.get().timings().takeChargeWindow());
      } catch (IllegalArgumentException e) {
        return Outcome.failed(e.getMessage());
      }
      d = database.dsl().newRecord(MAIL_DELIVERY);
      d.setOutboxId(item.id());
      d.setMessageId(MessageIds.of(item.idempotencyKey(), domain));
      d.setTemplate(m.template());
      d.setTicketNumber(m.ticket());
      d.setOncallRequestId(m.oncallRequest());
      d.setRecipient(m.to().strip());
      d.setRecipientName(m.toName());
      d.setSubject(r.subject());
      d.setBody(r.text());
      d.setTransport(mailer.transport());
      d.setStatus(kept ? "kept" : "prepared");
      d.setAttempts(0);
      d.setCreatedAt(Timestamps.utc(now));
      d.setUpdatedAt(Timestamps.utc(now));
      if (kept) {
        MailDeliveryRecord row = d;
        database.transaction(tx -> {
          tx.executeInsert(row);
          Outbox.markSent(tx, item.id(), now);
        });
        LOG.info("Courriel n° {} à {} conservé, non envoyé (pas de relais SMTP) : « {} »", item.id(),
            MessageIds.masked(m.to()), r.subject());
        return Outcome.SENT;
      }
      d.insert();
    } else {
      switch (d.getStatus()) {
        case "sent", "kept" -> {
          return Outcome.DONE;
        }
        case "rejected" -> {
          return Outcome.failed("refusé définitivement : " + d.getError());
        }
        case "sending", "uncertain" -> {
          // The relay may have it: sending it again could make a second copy. Shown, not resent.
          // "sending" left behind: the try that wrote it stopped after the end of the data (an earlier
          // try's error, if any, says nothing about this one).
          record(d, "uncertain", null, d.getStatus().equals("sending") || d.getError() == null
              ? "pas de réponse après la fin du message (processus arrêté ou session coupée) : non renvoyé"
              : d.getError(), now);
          LOG.error("Courriel n° {} à {} : envoi incertain (le relais l'a peut-être reçu), il n'est pas renvoyé",
              item.id(), MessageIds.masked(d.getRecipient()));
          return Outcome.failed("incertain : " + (d.getStatus().equals("sending") ? "fin du message sans réponse"
              : d.getError()));
        }
        default -> {
          if (kept) {
            // E-mail turned off since the row was prepared: kept like the others.
            MailDeliveryRecord row = d;
            database.transaction(tx -> {
              row.attach(tx.configuration());
              row.setStatus("kept");
              row.setTransport("kept");
              row.setUpdatedAt(Timestamps.utc(now));
              row.update();
              Outbox.markSent(tx, item.id(), now);
            });
            return Outcome.SENT;
          }
        }
      }
    }
    OutgoingMail mail = new OutgoingMail(d.getMessageId(), d.getRecipient(), d.getRecipientName(), d.getSubject(),
        d.getBody(), now);
    d.setAttempts(d.getAttempts() + 1);
    MailDeliveryRecord row = d;
    int before = row.getAttempts() - 1;
    try {
      // Compare-and-set: another instance that took this row over (this one paused past its heartbeat) may be
      // sending it too. Only the one whose "sending" lands writes the end of the data; the other's session is
      // dropped before it, so the relay never gets two copies.
      String reply = mailer.send(mail, () -> {
        if (!startSending(row, before, now)) {
          throw new TakenOver();
        }
      });
      database.transaction(tx -> {
        row.attach(tx.configuration());
        row.setStatus("sent");
        row.setSmtpReply(reply);
        row.setError(null);
        row.setUpdatedAt(Timestamps.utc(now));
        row.update();
        Outbox.markSent(tx, item.id(), now);
      });
      LOG.info("Courriel n° {} envoyé à {} : {}", item.id(), MessageIds.masked(row.getRecipient()), reply);
      return Outcome.SENT;
    } catch (TakenOver t) {
      LOG.warn("courriel n° {} : une autre instance l'envoie déjà ; cette session est abandonnée avant la fin du"
          + " message", item.id());
      return Outcome.retry("envoyé par une autre instance");
    } catch (MailFailure f) {
      String error = Phones.maskAll(f.getMessage());
      switch (f.kind()) {
        case PERMANENT -> {
          record(row, "rejected", f.replyCode() > 0 ? String.valueOf(f.replyCode()) : null, error, now);
          return Outcome.failed(error);
        }
        case UNCERTAIN -> {
          record(row, "uncertain", null, error, now);
          LOG.error("Courriel n° {} à {} : envoi incertain, il n'est pas renvoyé : {}", item.id(),
              MessageIds.masked(row.getRecipient()), error);
          return Outcome.failed("incertain : " + error);
        }
        default -> {
          record(row, "failed", f.replyCode() > 0 ? String.valueOf(f.replyCode()) : null, error, now);
          return Outcome.retry(error);
        }
      }
    }
  }

  /** Thrown from the end-of-data callback when another instance has moved the row since it was read. */
  private static final class TakenOver extends RuntimeException {
    private static final long serialVersionUID = 1L;

    TakenOver() {
      super(null, null, false, false);
    }
  }

  /** {@code prepared|failed} with {@code attemptsBefore} attempts becomes {@code sending}: false when the row moved. */
  private boolean startSending(MailDeliveryRecord row, int attemptsBefore, Instant now) {
    return database.dsl().update(MAIL_DELIVERY)
        .set(MAIL_DELIVERY.STATUS, "sending")
        .set(MAIL_DELIVERY.ERROR, (String) null)
        .set(MAIL_DELIVERY.ATTEMPTS, row.getAttempts())
        .set(MAIL_DELIVERY.UPDATED_AT, Timestamps.utc(now))
        .where(MAIL_DELIVERY.ID.eq(row.getId()))
        .and(MAIL_DELIVERY.STATUS.in("prepared", "failed"))
        .and(MAIL_DELIVERY.ATTEMPTS.eq(attemptsBefore))
        .execute() == 1;
  }

  private void record(MailDeliveryRecord row, String status, String reply, String error, Instant now) {
    database.dsl().update(MAIL_DELIVERY)
        .set(MAIL_DELIVERY.STATUS, status)
        .set(MAIL_DELIVERY.SMTP_REPLY, reply)
        .set(MAIL_DELIVERY.ERROR, error)
        .set(MAIL_DELIVERY.ATTEMPTS, row.getAttempts())
        .set(MAIL_DELIVERY.UPDATED_AT, Timestamps.utc(now))
        .where(MAIL_DELIVERY.ID.eq(row.getId()))
        .execute();
  }
}

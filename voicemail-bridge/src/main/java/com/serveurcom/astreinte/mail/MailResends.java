package com.serveurcom.astreinte.mail;

import static com.serveurcom.astreinte.database.generated.Tables.MAIL_DELIVERY;
import static com.serveurcom.astreinte.database.generated.Tables.OUTBOX;

import com.serveurcom.astreinte.database.Database;
import com.serveurcom.astreinte.outbox.Outbox;
import com.serveurcom.astreinte.outbox.OutboxMessage;
import java.time.Instant;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends again, on an administrator's word, an e-mail the engine will not send again by itself: one
 * whose fate is {@code uncertain} (the relay may have it: only its logs can say), {@code rejected}
 * (a 5xx, the address or the relay since fixed) or {@code abandoned} (the outbox gave up after its
 * attempts). The copy is a new outbox row, so it goes through the engine like any e-mail, exactly
 * once, with a Message-ID of its own: {@code <key of the first>:renvoi}. An e-mail is sent again
 * at most once (a second request finds the row and is refused); the copy, if it fares no better,
 * is sent again the same way.
 */
public final class MailResends {
  private static final Logger LOG = LoggerFactory.getLogger(MailResends.class);

  /** Why an e-mail was not sent again. */
  public enum Refusal {
    /** No e-mail with this number. */
    UNKNOWN,
    /** Sent, kept, or still in the engine's hands: nothing to send again. */
    NOT_RESENDABLE,
    /** Already sent again once: look at the copy. */
    ALREADY_RESENT
  }

  /** Thrown when the e-mail cannot be sent again; {@link #getMessage()} says why, in French. */
  public static final class Refused extends Exception {
    private static final long serialVersionUID = 1L;
    private final Refusal reason;

    Refused(Refusal reason, String message) {
      super(message, null, false, false);
      this.reason = reason;
    }

    public Refusal reason() {
      return reason;
    }
  }

  /** The copy queued: its outbox row's key (its Message-ID derives from it). */
  public record Queued(long mailId, String idempotencyKey) {}

  private final Database database;

  public MailResends(Database database) {
    this.database = Objects.requireNonNull(database, "database");
  }

  /**
   * Queues a copy of e-mail {@code mailId} (its {@code mail_delivery} id, as {@code astreinte mails}
   * shows it), due now.
   *
   * @param by who asked, for the log
   */
  public Queued resend(long mailId, String by, Instant now) throws Refused {
    Attempt a = database.transactionResult(tx -> {
      // Locks the e-mail's row: two administrators asking at once queue one copy.
      var row = tx.select(MAIL_DELIVERY.STATUS, OUTBOX.STATUS, OUTBOX.KIND, OUTBOX.PAYLOAD_VERSION, OUTBOX.PAYLOAD,
              OUTBOX.IDEMPOTENCY_KEY)
          .from(MAIL_DELIVERY).join(OUTBOX).on(OUTBOX.ID.eq(MAIL_DELIVERY.OUTBOX_ID))
          .where(MAIL_DELIVERY.ID.eq(mailId)).forUpdate().of(MAIL_DELIVERY).fetchOne();
      if (row == null) {
        return new Attempt(null, Refusal.UNKNOWN, null);
      }
      String state = MailLog.state(row.value1(), row.value2());
      if (!MailLog.RESENDABLE.contains(state)) {
        return new Attempt(null, Refusal.NOT_RESENDABLE, state);
      }
      OutboxMessage message = new Outbox.Item(0, row.value3(), row.value4(), row.value5().data(), row.value6(), 0, now)
          .message();
      if (!(message instanceof OutboxMessage.Email)) {
        throw new IllegalStateException("mail_delivery " + mailId + " : ligne d'envoi de type " + row.value3());
      }
      String key = row.value6() + ":renvoi";
      if (!Outbox.enqueue(tx, message, key, now)) {
        return new Attempt(null, Refusal.ALREADY_RESENT, state);
      }
      return new Attempt(new Queued(mailId, key), null, state);
    });
    if (a.refusal() != null) {
      throw new Refused(a.refusal(), switch (a.refusal()) {
        case UNKNOWN -> "aucun courriel n° " + mailId;
        case NOT_RESENDABLE -> "le courriel n° " + mailId + " est « " + MailLog.describe(a.state())
            + " » : seul un courriel incertain, refusé par le relais ou abandonné peut être renvoyé";
        case ALREADY_RESENT -> "le courriel n° " + mailId + " a déjà été renvoyé une fois : voir sa copie dans"
            + " « astreinte mails »";
      });
    }
    LOG.warn("courriel n° {} ({}) renvoyé à la demande de {} : nouvelle copie en file d'envoi", mailId, a.state(), by);
    return a.queued();
  }

  private record Attempt(Queued queued, Refusal refusal, String state) {}
}

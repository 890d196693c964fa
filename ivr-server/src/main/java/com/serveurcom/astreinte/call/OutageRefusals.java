package com.serveurcom.astreinte.call;

import static com.serveurcom.astreinte.database.generated.Tables.CALL_RECORD;
import static com.serveurcom.astreinte.database.generated.Tables.TICKET;

import com.serveurcom.astreinte.database.Database;
import com.serveurcom.astreinte.config.MessageTexts;
import com.serveurcom.astreinte.config.MessageTexts.Text;
import com.serveurcom.astreinte.oncall.OnCallMessage;
import com.serveurcom.astreinte.oncall.RefusalReason;
import java.util.function.Supplier;
import com.serveurcom.astreinte.outbox.Outbox;
import com.serveurcom.astreinte.outbox.OutboxMessage;
import com.serveurcom.astreinte.ticket.TicketEventKind;
import com.serveurcom.astreinte.ticket.TicketHistory;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiConsumer;
import java.util.function.Function;
import org.jooq.impl.DSL;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A journalled message found ineligible on replay, in one transaction: its call record becomes a refusal
 * with the reason (it was recorded {@code registered}, the only thing the call could know), the ticket's
 * history notes it, and an SMS tells the customer why and when the request will be handled. Nobody is paged.
 */
public final class OutageRefusals implements LateRefusals {
  private static final Logger log = LoggerFactory.getLogger(OutageRefusals.class);
  /** The outbox kind the paging engine sends to a customer: the idempotency key starts with it. */
  static final String CUSTOMER_SMS = OutboxMessage.Kind.CUSTOMER_SMS.code();
  /**
   * The call's record is written after its last prompt, by a background writer: a refusal found sooner
   * waits for it (the message stays in the journal) this long at most, then goes on without it.
   */
  static final Duration RECORD_WAIT = Duration.ofMinutes(2);
  private static final DateTimeFormatter WHEN =
      DateTimeFormatter.ofPattern("EEEE d MMMM 'à' H'h'mm", Locale.FRENCH);
  private static final DateTimeFormatter CALL_TIME = DateTimeFormatter.ofPattern("H'h'mm", Locale.FRENCH);

  private final Database database;
  private final Function<Instant, Optional<Instant>> nextOpening;
  private final ZoneId zone;
  private final BiConsumer<OnCallMessage, String> setAside;
  private final Supplier<MessageTexts> texts;
  private final Clock clock;

  /**
   * @param nextOpening when the support line next opens after an instant (the calendar in force)
   * @param zone        the calendar's time zone (Europe/Paris): customers read times there
   * @param setAside    keeps the refused call's voice message from being paged by the voicemail safety net
   */
  public OutageRefusals(Database database, Function<Instant, Optional<Instant>> nextOpening, ZoneId zone,
      BiConsumer<OnCallMessage, String> setAside, Supplier<MessageTexts> texts, Clock clock) {
    this.database = database;
    this.nextOpening = nextOpening;
    this.zone = zone;
    this.setAside = setAside;
    this.texts = texts;
    this.clock = clock;
  }

  @Override
  public void refuse(OnCallMessage m, RefusalReason reason) {
    Instant now = clock.instant();
    boolean recorded = database.transactionResult(tx -> {
      int rows = tx.update(CALL_RECORD)
          .set(CALL_RECORD.OUTCOME, CallOutcome.Kind.REFUSED.code())
          .set(CALL_RECORD.OUTCOME_DETAIL, reason.code())
          .set(CALL_RECORD.REFUSAL_REASON, reason.code())
          .set(CALL_RECORD.STEPS, DSL.field("{0} || '[\"refused_on_replay\"]'::jsonb", CALL_RECORD.STEPS.getDataType(),
              CALL_RECORD.STEPS))
          .where(CALL_RECORD.REQUEST_NUMBER.eq(m.ticketNumber())).and(CALL_RECORD.CHANNEL_ID.eq(m.callId()))
          .execute();
      if (rows == 0 && now.isBefore(m.receivedAt().plus(RECORD_WAIT))) {
        return false;
      }
      if (tx.fetchExists(TICKET, TICKET.NUMBER.eq(m.ticketNumber()))) {
        TicketHistory.append(tx, new TicketHistory.Entry(m.ticketNumber(), now, "astreinte",
            TicketEventKind.ONCALL_REFUSED_AFTER_OUTAGE, Map.of("reason", reason.code(), "call", m.callId(),
                "received_at", m.receivedAt().toString())));
      }
      if (m.callbackNumber() != null && m.callbackNumber().matches("\\+[1-9][0-9]{7,14}")) {
        // No on-call request was opened: the SMS names only the ticket.
        Outbox.enqueue(tx, new OutboxMessage.CustomerSms(null, m.ticketNumber(), m.callbackNumber(),
            text(m, reason, now)), CUSTOMER_SMS + ":refused:" + m.callId(), now);
      }
      if (rows == 0) {
        log.warn("appel {} : aucun enregistrement d'appel à transformer en refus ({}) ; le refus figure dans l'historique de la demande et dans le SMS",
            m.callId(), reason.code());
      }
      return true;
    });
    if (!recorded) {
      throw new IllegalStateException("appel " + m.callId() + " pas encore enregistré : refus gardé pour la prochaine relecture du journal");
    }
    try {
      setAside.accept(m, reason.code());
    } catch (RuntimeException e) {
      log.warn("appel {} : message vocal non mis de côté ({})", m.callId(), e.toString());
    }
  }

  /** Why, and when the request will be handled, from the administrators' texts; the call's time says which call it answers. */
  String text(OnCallMessage m, RefusalReason reason, Instant now) {
    MessageTexts t = texts.get();
    String call = t.render(Text.LATE_REFUSAL_CALL, "heure", CALL_TIME.format(m.receivedAt().atZone(zone)));
    String when = nextOpening.apply(now)
        .map(at -> t.render(Text.LATE_REFUSAL_AT_OPENING, "reouverture", WHEN.format(at.atZone(zone))))
        .orElseGet(() -> t.text(Text.LATE_REFUSAL_BUSINESS_HOURS));
    Text which = switch (reason) {
      case UNKNOWN_REQUEST -> Text.LATE_REFUSAL_UNKNOWN;
      case REQUEST_CLOSED -> Text.LATE_REFUSAL_CLOSED;
      case REQUEST_NON_COMPLIANT, NO_ONCALL_OPTION, SERVICE_NOT_COVERED, PRIORITY_NOT_ONCALL -> Text.LATE_REFUSAL_NOT_ONCALL;
      case NO_REQUEST_NUMBER, NO_CONTACT, NO_MESSAGE -> throw new IllegalArgumentException(
          "refus propre à l'appel, jamais constaté à la relecture : " + reason.code());
    };
    return t.render(which, "appel", call, "demande", m.ticketNumber(), "motif", why(t, reason), "quand", when);
  }

  /** Why a request is not for the on-call service; empty for the reasons that have their own text. */
  private static String why(MessageTexts t, RefusalReason reason) {
    return switch (reason) {
      case PRIORITY_NOT_ONCALL -> t.text(Text.REASON_PRIORITY);
      case NO_ONCALL_OPTION -> t.text(Text.REASON_NO_ONCALL_OPTION);
      case SERVICE_NOT_COVERED -> t.text(Text.REASON_SERVICE_NOT_COVERED);
      case REQUEST_NON_COMPLIANT -> t.text(Text.REASON_NON_COMPLIANT);
      case UNKNOWN_REQUEST, REQUEST_CLOSED, NO_REQUEST_NUMBER, NO_CONTACT, NO_MESSAGE -> "";
    };
  }
}

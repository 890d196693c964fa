package com.serveurcom.astreinte.paging;

import static com.serveurcom.astreinte.database.generated.Tables.ONCALL_REQUEST;
import static com.serveurcom.astreinte.database.generated.Tables.ORPHAN_MESSAGE;
import static com.serveurcom.astreinte.database.generated.Tables.OUTBOX;
import static com.serveurcom.astreinte.database.generated.Tables.PAGE_ATTEMPT;
import static com.serveurcom.astreinte.database.generated.Tables.TICKET;

import com.serveurcom.astreinte.database.Timestamps;
import com.serveurcom.astreinte.database.Database;
import com.serveurcom.astreinte.database.generated.tables.records.OncallRequestRecord;
import com.serveurcom.astreinte.database.generated.tables.records.OrphanMessageRecord;
import com.serveurcom.astreinte.oncall.OnCallRequestStatus;
import com.serveurcom.astreinte.oncall.OnCallRequests;
import com.serveurcom.astreinte.outbox.Outbox;
import com.serveurcom.astreinte.outbox.OutboxMessage;
import com.serveurcom.astreinte.rota.Rota;
import com.serveurcom.astreinte.rota.Technician;
import com.serveurcom.astreinte.ticket.InvalidTransitionException;
import com.serveurcom.astreinte.ticket.TicketEventKind;
import com.serveurcom.astreinte.ticket.TicketHistory;
import com.serveurcom.astreinte.ticket.TicketStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import org.jooq.DSLContext;
import org.jooq.UpdateSetMoreStep;
import org.jooq.impl.DSL;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Take-charge and decline of on-call requests, by SMS reply, keypress, API or command line. A request
 * is named by its request (ticket) number: the number the technician reads in the page and types
 * back. The first acknowledgement wins atomically ({@code UPDATE ... WHERE status IN} the statuses
 * {@link OnCallRequestStatus#allowedFrom} allows); any later one gets {@code ALREADY_HANDLED}. By SMS or keypress only a technician of the
 * rota (matched by mobile number) may acknowledge; the API is already authenticated by its token.
 */
public final class Acknowledgements implements PageAcknowledgements {
  private static final Logger LOG = LoggerFactory.getLogger(Acknowledgements.class);

  private final Database database;
  private final Outbox outbox;
  private final TicketStore tickets;
  private final Supplier<Rota> rota;
  private final PagingLinks links;
  private final PagingMetrics metrics;
  private final Clock clock;
  private final Runnable wake;
  private final Supplier<PagingTexts> texts;

  /**
   * @param wake  called after a commit that queued a row (the customer SMS): normally {@link PagingRunner#wake}
   * @param texts the texts in force (reloaded config): the customer's SMS is written from them
   */
  public Acknowledgements(Database database, Outbox outbox, TicketStore tickets, Supplier<Rota> rota,
      Supplier<PagingTexts> texts, PagingLinks links, PagingMetrics metrics, Clock clock, Runnable wake) {
    this.texts = Objects.requireNonNull(texts, "texts");
    this.database = Objects.requireNonNull(database, "database");
    this.outbox = Objects.requireNonNull(outbox, "outbox");
    this.tickets = Objects.requireNonNull(tickets, "tickets");
    this.rota = Objects.requireNonNull(rota, "rota");
    this.links = Objects.requireNonNull(links, "links");
    this.metrics = Objects.requireNonNull(metrics, "metrics");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.wake = Objects.requireNonNull(wake, "wake");
  }

  @Override
  public Ack takeCharge(String requestNumber, String byPhone, Channel via) {
    Optional<Technician> tech = technicianByPhone(byPhone);
    if (tech.isEmpty()) {
      LOG.warn("prise en charge de {} par le {} refusée : pas un technicien de la rotation", requestNumber, Phones.mask(byPhone));
      return Ack.of(Ack.Outcome.NOT_ALLOWED, requestNumber);
    }
    return takeChargeAs(requestNumber, "technicien:" + tech.get().id() + " (" + channelName(via) + ")", tech.get().name());
  }

  @Override
  public Ack decline(String requestNumber, String byPhone, Channel via) {
    Optional<Technician> tech = technicianByPhone(byPhone);
    if (tech.isEmpty()) {
      LOG.warn("refus de {} par le {} refusé : pas un technicien de la rotation", requestNumber, Phones.mask(byPhone));
      return Ack.of(Ack.Outcome.NOT_ALLOWED, requestNumber);
    }
    return declineAs(requestNumber, "technicien:" + tech.get().id() + " (" + channelName(via) + ")", null);
  }

  /**
   * Take-charge on behalf of {@code actor} (API, command line): marks the request, takes the ticket in
   * charge (its SLA clock stops), cancels the rest of the chain and queues the customer's SMS, in one
   * transaction.
   *
   * @param assignee who the ticket is assigned to (a technician's name, or the actor)
   */
  public Ack takeChargeAs(String requestNumber, String actor, String assignee) {
    Instant now = clock.instant();
    Result result = database.transactionResult(tx -> {
      OnCallRequestStatus taken = OnCallRequestStatus.TAKEN_IN_CHARGE;
      OncallRequestRecord r = closeOpen(tx, taken, tx.update(ONCALL_REQUEST)
          .set(ONCALL_REQUEST.STATUS, taken.code())
          .set(ONCALL_REQUEST.TAKEN_CHARGE_AT, Timestamps.utc(now))
          .set(ONCALL_REQUEST.TAKEN_CHARGE_BY, actor), requestNumber);
      if (r == null) {
        return new Result(orphan(tx, requestNumber, actor, true, now), null);
      }
      try {
        tickets.takeCharge(tx, requestNumber, actor, assignee);
      } catch (InvalidTransitionException e) {
        // Resolved or closed meanwhile by the day team: the on-call request is still acknowledged.
        LOG.info("ticket {} déjà fermé : seule la prise en charge d'astreinte est enregistrée", requestNumber);
      }
      endChain(tx, r, "taken", texts.get().customerTaken(requestNumber), now);
      customerEmail(tx, r, "taken", OutboxMessage.Email.Template.CUSTOMER_TAKEN,
          java.util.Collections.singletonMap("by", technicianName(assignee, now)), now);
      return new Result(Ack.accepted(requestNumber, r.getCallbackNumber()), r.getCreatedAt().toInstant());
    });
    if (result.requestCreatedAt != null) {
      metrics.tookCharge(Duration.between(result.requestCreatedAt, now));
      LOG.info("demande {} prise en charge par {}", requestNumber, actor);
      wake.run();
    }
    return result.ack;
  }

  /**
   * The name a customer reads for who took charge: the technician {@code assignee} names (by name or id), else
   * the one on duty (an acknowledgement through the API may name nobody, or a supervisor's login).
   */
  private String technicianName(String assignee, Instant now) {
    Rota r = rota.get();
    if (assignee != null) {
      for (var t : r.technicians()) {
        if (t.name().equalsIgnoreCase(assignee.strip()) || t.id().equalsIgnoreCase(assignee.strip())) {
          return t.name();
        }
      }
    }
    return r.onDutyAt(now).primary().map(t -> t.name()).orElse(assignee);
  }

  /** Decline on behalf of {@code actor}: the request goes to business-hours handling, the customer is told. */
  public Ack declineAs(String requestNumber, String actor, String reason) {
    Instant now = clock.instant();
    Result result = database.transactionResult(tx -> {
      OnCallRequestStatus declined = OnCallRequestStatus.DECLINED;
      OncallRequestRecord r = closeOpen(tx, declined, tx.update(ONCALL_REQUEST)
          .set(ONCALL_REQUEST.STATUS, declined.code())
          .set(ONCALL_REQUEST.DECLINED_AT, Timestamps.utc(now))
          .set(ONCALL_REQUEST.DECLINE_REASON, reason), requestNumber);
      if (r == null) {
        return new Result(orphan(tx, requestNumber, actor, false, now), null);
      }
      Map<String, Object> details = new LinkedHashMap<>();
      details.put("oncall_request", r.getId());
      details.put("reason", reason);
      details.put("handling", "business_hours");
      TicketHistory.append(tx, new TicketHistory.Entry(requestNumber, now, actor, TicketEventKind.ONCALL_DECLINED, details));
      // When business hours start again: the customer is told the date, by SMS and e-mail.
      java.util.Optional<Instant> resume = tickets.businessHoursResume(now);
      endChain(tx, r, "declined", texts.get().customerDeclined(requestNumber, resume), now);
      Map<String, String> facts = new LinkedHashMap<>();
      facts.put("reason", reason);
      resume.ifPresent(at -> facts.put("resumes_at", at.toString()));
      customerEmail(tx, r, "declined", OutboxMessage.Email.Template.CUSTOMER_DECLINED, facts, now);
      return new Result(Ack.of(Ack.Outcome.ACCEPTED, requestNumber), r.getCreatedAt().toInstant());
    });
    if (result.requestCreatedAt != null) {
      LOG.info("demande {} refusée par {}", requestNumber, actor);
      wake.run();
    }
    return result.ack;
  }

  /**
   * A Twilio status callback: recorded on the attempt. A call not answered (busy, no answer, failed,
   * a machine) is simply not an acknowledgement: the chain goes on. An SMS that could not be delivered
   * brings the chain's next step (SMS + call) forward to now.
   */
  @Override
  public void deliveryStatus(DeliveryStatus s) {
    Instant now = clock.instant();
    var attempt = database.dsl().update(PAGE_ATTEMPT)
        .set(PAGE_ATTEMPT.DELIVERY_STATUS, s.status())
        .set(PAGE_ATTEMPT.ANSWERED_BY, s.answeredBy())
        .set(PAGE_ATTEMPT.ERROR, s.errorCode() == null ? PAGE_ATTEMPT.ERROR : DSL.val("Twilio error " + s.errorCode()))
        .set(PAGE_ATTEMPT.UPDATED_AT, Timestamps.utc(now))
        .where(PAGE_ATTEMPT.PROVIDER_SID.eq(s.sid()))
        .returning(PAGE_ATTEMPT.ONCALL_REQUEST_ID, PAGE_ATTEMPT.TICKET_NUMBER, PAGE_ATTEMPT.OUTBOX_KIND)
        .fetchOne();
    if (attempt == null) {
      LOG.info("statut {} pour un envoi inconnu {}", s.status(), s.sid());
      return;
    }
    if (s.channel() == Channel.SMS && (s.status().equals("failed") || s.status().equals("undelivered"))
        && attempt.getOncallRequestId() != null) {
      String prefix = "page:" + attempt.getTicketNumber() + ":" + attempt.getOncallRequestId() + ":followup:";
      int moved = database.dsl().update(OUTBOX).set(OUTBOX.NEXT_ATTEMPT_AT, Timestamps.utc(now))
          .where(OUTBOX.ID.eq(DSL.select(OUTBOX.ID).from(OUTBOX)
              .where(OUTBOX.STATUS.eq("pending")).and(OUTBOX.IDEMPOTENCY_KEY.startsWith(prefix))
              .and(OUTBOX.NEXT_ATTEMPT_AT.gt(Timestamps.utc(now)))
              .orderBy(OUTBOX.NEXT_ATTEMPT_AT).limit(1)))
          .execute();
      LOG.warn("SMS d'astreinte {} de la demande {} : {} ; appel suivant {}", s.sid(), attempt.getTicketNumber(), s.status(),
          moved == 1 ? "avancé à maintenant" : "déjà dû");
      wake.run();
    }
  }

  /**
   * What became of a call placed through the PBX (no answer, busy, rejected, answered without a key...),
   * learnt after the send: recorded on its attempt, found by the idempotency token the pager was given
   * (the provider's id may not be written yet). Not an acknowledgement: the chain goes on.
   *
   * @param status as in {@code page_attempt.delivery_status}: answered, no-answer, busy, congestion,
   *               rejected, failed, no-key, hung-up, acknowledged
   * @param detail the PBX's cause (French or a code), null when none
   */
  public void callOutcome(String idempotencyToken, String status, String detail) {
    String partKey;
    try {
      partKey = PartSender.partKeyOfToken(idempotencyToken);
    } catch (IllegalArgumentException e) {
      LOG.info("issue d'appel {} pour un envoi hors chaîne d'alerte ({})", status, idempotencyToken);
      return;
    }
    int n = database.dsl().update(PAGE_ATTEMPT)
        .set(PAGE_ATTEMPT.DELIVERY_STATUS, status)
        .set(PAGE_ATTEMPT.ERROR, detail == null ? PAGE_ATTEMPT.ERROR : DSL.val(detail))
        .set(PAGE_ATTEMPT.UPDATED_AT, Timestamps.utc(clock.instant()))
        .where(PAGE_ATTEMPT.PART_KEY.eq(partKey))
        .execute();
    if (n == 0) {
      LOG.info("issue d'appel {} pour un envoi inconnu {}", status, partKey);
    }
  }

  /**
   * The technician was put through to the customer (or tried to be) from a voice page: recorded in the
   * request's ticket history (who, when, how long). The take-charge itself was recorded before the dial.
   *
   * @param dialStatus  Asterisk's DIALSTATUS: ANSWER, NOANSWER, BUSY, CONGESTION...
   * @param talkSeconds seconds of conversation (ANSWEREDTIME), null when not answered or unknown
   */
  public void putThrough(String requestNumber, String technicianPhone, Instant dialledAt, String dialStatus,
      Integer talkSeconds) {
    Optional<Technician> tech = technicianByPhone(technicianPhone);
    String actor = tech.map(t -> "technicien:" + t.id() + " (voice)").orElse("astreinte");
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("dial_status", dialStatus);
    details.put("dialled_at", dialledAt.toString());
    if (talkSeconds != null) {
      details.put("talk_seconds", talkSeconds);
    }
    tech.ifPresent(t -> details.put("technician", t.name()));
    database.transaction(tx -> TicketHistory.append(tx,
        new TicketHistory.Entry(requestNumber, clock.instant(), actor, TicketEventKind.ONCALL_PUT_THROUGH, details)));
    LOG.info("demande {} : {} mis en relation avec le client : {}{}", requestNumber, actor, dialStatus,
        talkSeconds == null ? "" : " (" + talkSeconds + " s)");
  }

  /**
   * The open requests a grouped call covers (issue 13), in the order it presents them, found by the
   * idempotency token the voice provider was given; empty when the call is not a grouped one.
   */
  public List<String> coveredBy(String idempotencyToken) {
    if (idempotencyToken == null) {
      return List.of();
    }
    Long outboxId = database.dsl().select(PAGE_ATTEMPT.OUTBOX_ID).from(PAGE_ATTEMPT)
        .where(PAGE_ATTEMPT.IDEMPOTENCY_TOKEN.eq(idempotencyToken))
        .and(PAGE_ATTEMPT.OUTBOX_KIND.eq(com.serveurcom.astreinte.outbox.OutboxMessage.Kind.PERSON_PAGE.code()))
        .limit(1).fetchOne(PAGE_ATTEMPT.OUTBOX_ID);
    if (outboxId == null) {
      return List.of();
    }
    return database.dsl().select(ONCALL_REQUEST.TICKET_NUMBER, DSL.min(PersonPages.W_ID)).from(PersonPages.PAGE_WAIT)
        .join(ONCALL_REQUEST).on(ONCALL_REQUEST.ID.eq(PersonPages.W_REQUEST))
        .leftJoin(TICKET).on(TICKET.NUMBER.eq(ONCALL_REQUEST.TICKET_NUMBER))
        .where(PersonPages.W_COVERED_BY.eq(outboxId)).and(OnCallRequests.isOpen(ONCALL_REQUEST.STATUS))
        .groupBy(ONCALL_REQUEST.TICKET_NUMBER, ONCALL_REQUEST.CREATED_AT, ONCALL_REQUEST.ID, TICKET.PRIORITY)
        .orderBy(PersonPages.urgency(TICKET.PRIORITY), ONCALL_REQUEST.CREATED_AT, ONCALL_REQUEST.ID)
        .fetch(ONCALL_REQUEST.TICKET_NUMBER);
  }

  @Override
  public List<String> waitingFor(String phone) {
    if (phone == null || phone.isBlank()) {
      return List.of();
    }
    String p = phone.strip();
    var paged = DSL.select(PAGE_ATTEMPT.ONCALL_REQUEST_ID).from(PAGE_ATTEMPT)
        .where(PAGE_ATTEMPT.RECIPIENT_PHONE.eq(p)).and(PAGE_ATTEMPT.ONCALL_REQUEST_ID.isNotNull())
        .union(DSL.select(PersonPages.W_REQUEST).from(PersonPages.PAGE_WAIT).where(PersonPages.W_PHONE.eq(p)));
    return database.dsl().select(ONCALL_REQUEST.TICKET_NUMBER).from(ONCALL_REQUEST)
        .where(ONCALL_REQUEST.ID.in(paged)).and(OnCallRequests.isOpen(ONCALL_REQUEST.STATUS))
        .orderBy(ONCALL_REQUEST.CREATED_AT, ONCALL_REQUEST.ID).fetch(ONCALL_REQUEST.TICKET_NUMBER);
  }

  @Override
  public Optional<PageContext> pageContext(String requestNumber) {
    Instant now = clock.instant();
    return database.transactionResult(tx -> {
      Long id = openRequestId(tx, requestNumber);
      if (id == null) {
        return Optional.empty();
      }
      OncallRequestRecord r = tx.selectFrom(ONCALL_REQUEST).where(ONCALL_REQUEST.ID.eq(id)).fetchOne();
      var rec = tx.select(com.serveurcom.astreinte.database.generated.Tables.TICKET.PRIORITY,
              com.serveurcom.astreinte.database.generated.Tables.ACCOUNT.NAME)
          .from(com.serveurcom.astreinte.database.generated.Tables.TICKET)
          .join(com.serveurcom.astreinte.database.generated.Tables.ACCOUNT)
          .on(com.serveurcom.astreinte.database.generated.Tables.ACCOUNT.ID
              .eq(com.serveurcom.astreinte.database.generated.Tables.TICKET.ACCOUNT_ID))
          .where(com.serveurcom.astreinte.database.generated.Tables.TICKET.NUMBER.eq(requestNumber)).fetchOne();
      if (rec == null || !Phones.isE164(r.getCallbackNumber())) {
        return Optional.empty();
      }
      int n = r.getMessageRefs() == null ? 1 : Math.max(1, r.getMessageRefs().length);
      PageSummary summary = new PageSummary(requestNumber,
          com.serveurcom.astreinte.ticket.Priority.fromCode(rec.value1()), rec.value2(), r.getCallbackNumber());
      java.net.URI recording = LatestMessage.of(tx, id).map(m -> links.messageUrl(m.msgId(), now))
          .orElseGet(() -> links.recordingUrl(requestNumber, n, now));
      return Optional.of(new PageContext(summary, recording));
    });
  }

  private void endChain(DSLContext tx, OncallRequestRecord r, String event, String customerText, Instant now) {
    int cancelled = outbox.cancelPending(tx, "page:" + r.getTicketNumber() + ":");
    LOG.debug("{} alerte(s) en attente de la demande {} annulée(s)", cancelled, r.getTicketNumber());
    Outbox.enqueue(tx, new OutboxMessage.CustomerSms(r.getId(), r.getTicketNumber(), r.getCallbackNumber(), customerText),
        "customer_sms:" + r.getId() + ":" + event, now);
  }

  /**
   * The e-mail to the ticket's contact (issue 14), alongside the SMS and in the same transaction, when the
   * ticket has a contact e-mail. Technicians' phone numbers are not in it, only their name.
   */
  private static void customerEmail(DSLContext tx, OncallRequestRecord r, String event,
      OutboxMessage.Email.Template template, Map<String, String> eventFacts, Instant now) {
    var contact = tx.select(TICKET.CONTACT_EMAIL, TICKET.CONTACT_NAME).from(TICKET)
        .where(TICKET.NUMBER.eq(r.getTicketNumber())).fetchOne();
    if (contact == null || contact.value1() == null || contact.value1().isBlank()) {
      return;
    }
    Map<String, String> facts = new LinkedHashMap<>();
    facts.put("request", r.getTicketNumber());
    facts.put("at", now.toString());
    eventFacts.forEach((k, v) -> {
      if (v != null) {
        facts.put(k, v);
      }
    });
    String to = contact.value1().strip();
    Outbox.enqueue(tx, new OutboxMessage.Email(template, to, contact.value2(), r.getTicketNumber(), r.getId(), facts),
        OutboxMessage.Email.key("oncall_request:" + r.getId() + ":" + event, to), now);
  }

  /**
   * Applies {@code change} to the open request of {@code requestNumber}, if it is still open: the
   * first take-charge or decline wins. @return the request as changed, or null
   */
  private static OncallRequestRecord closeOpen(DSLContext tx, OnCallRequestStatus target,
      UpdateSetMoreStep<OncallRequestRecord> change, String requestNumber) {
    return change.where(ONCALL_REQUEST.ID.eq(openRequestId(tx, requestNumber)))
        .and(OnCallRequests.mayBecome(ONCALL_REQUEST.STATUS, target))
        .returning().fetchOne();
  }

  private static Long openRequestId(DSLContext tx, String requestNumber) {
    return tx.select(ONCALL_REQUEST.ID).from(ONCALL_REQUEST)
        .where(ONCALL_REQUEST.TICKET_NUMBER.eq(requestNumber)).and(OnCallRequests.isOpen(ONCALL_REQUEST.STATUS))
        .orderBy(ONCALL_REQUEST.ID.desc()).limit(1).fetchOne(ONCALL_REQUEST.ID);
  }

  /**
   * No open request has this number: it may be the reference of an orphan message (a message no
   * request claims, paged with its reference). The first take-charge or decline of it wins too.
   */
  private static Ack orphan(DSLContext tx, String ref, String actor, boolean takeCharge, Instant now) {
    var change = takeCharge
        ? tx.update(ORPHAN_MESSAGE).set(ORPHAN_MESSAGE.TAKEN_CHARGE_AT, Timestamps.utc(now))
            .set(ORPHAN_MESSAGE.TAKEN_CHARGE_BY, actor)
        : tx.update(ORPHAN_MESSAGE).set(ORPHAN_MESSAGE.DECLINED_AT, Timestamps.utc(now))
            .set(ORPHAN_MESSAGE.DECLINED_BY, actor);
    OrphanMessageRecord o = change.where(ORPHAN_MESSAGE.REF.eq(ref))
        .and(ORPHAN_MESSAGE.TAKEN_CHARGE_AT.isNull()).and(ORPHAN_MESSAGE.DECLINED_AT.isNull())
        .returning().fetchOne();
    if (o != null) {
      LOG.info("message sans demande {} {} par {}", ref, takeCharge ? "pris en charge" : "refusé", actor);
      String phone = o.getCallbackNumber() != null ? o.getCallbackNumber() : o.getCaller();
      return Ack.accepted(ref, takeCharge && Phones.isE164(phone) ? phone : null);
    }
    if (tx.fetchExists(ORPHAN_MESSAGE, ORPHAN_MESSAGE.REF.eq(ref))) {
      return Ack.of(Ack.Outcome.ALREADY_HANDLED, ref);
    }
    return notOpen(tx, ref);
  }

  private static Ack notOpen(DSLContext tx, String requestNumber) {
    boolean any = tx.fetchExists(ONCALL_REQUEST, ONCALL_REQUEST.TICKET_NUMBER.eq(requestNumber));
    return Ack.of(any ? Ack.Outcome.ALREADY_HANDLED : Ack.Outcome.UNKNOWN_REQUEST, requestNumber);
  }

  private Optional<Technician> technicianByPhone(String phone) {
    if (phone == null) {
      return Optional.empty();
    }
    String p = phone.strip();
    return rota.get().technicians().stream().filter(t -> t.mobile().equals(p)).findFirst();
  }

  private static String channelName(Channel via) {
    return via == Channel.SMS ? "sms" : "voice";
  }

  private record Result(Ack ack, Instant requestCreatedAt) {}
}

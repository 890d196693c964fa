package com.serveurcom.astreinte.paging;

import static com.serveurcom.astreinte.database.generated.Tables.ACCOUNT;
import static com.serveurcom.astreinte.database.generated.Tables.ONCALL_REQUEST;
import static com.serveurcom.astreinte.database.generated.Tables.TICKET;

import com.serveurcom.astreinte.database.Timestamps;
import com.serveurcom.astreinte.database.Database;
import com.serveurcom.astreinte.database.PrerenderedQuery;
import com.serveurcom.astreinte.database.generated.tables.records.OncallRequestRecord;
import com.serveurcom.astreinte.oncall.OnCallRequestStatus;
import com.serveurcom.astreinte.oncall.OnCallRequests;
import com.serveurcom.astreinte.outbox.Outbox;
import com.serveurcom.astreinte.outbox.OutboxMessage;
import com.serveurcom.astreinte.rota.PagingTimings;
import com.serveurcom.astreinte.rota.Rota;
import com.serveurcom.astreinte.ticket.Priority;
import com.serveurcom.astreinte.ticket.TicketEventKind;
import com.serveurcom.astreinte.ticket.TicketHistory;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The handler of an on-call request's page chain: the first page ({@link OutboxMessage.Page}), its
 * follow-ups and its breach ({@link OutboxMessage.PageFollowUp}). Each row of the chain queues the next
 * one in the transaction that writes its parts {@code sending}, so a failing provider never breaks the
 * chain; who is paged and when is {@link ChannelPolicy}'s.
 */
final class PageChain {
  private static final Logger LOG = LoggerFactory.getLogger(PageChain.class);

  private final Database database;
  private final Supplier<Rota> rota;
  private final DutyCache duty;
  private final PartSender sender;
  private final VoiceScripts voice;
  private final PagingLinks links;
  private final PagingMetrics metrics;
  private final Supplier<PagingTexts> texts;
  private final PrerenderedQuery facts;
  private final PrerenderedQuery markPaging;
  private final PersonPages persons;

  PageChain(Database database, Supplier<Rota> rota, DutyCache duty, PartSender sender, VoiceScripts voice,
      PagingLinks links, PagingMetrics metrics, Supplier<PagingTexts> texts, PersonPages persons) {
    this.database = Objects.requireNonNull(database, "database");
    this.rota = rota;
    this.duty = duty;
    this.sender = sender;
    this.voice = voice;
    this.links = links;
    this.metrics = metrics;
    this.texts = texts;
    this.persons = Objects.requireNonNull(persons, "persons");
    persons.content(new PersonPages.Content() {
      @Override
      public List<Part> single(long requestId, Recipient who, Integer step, String channel, Instant now) {
        PageFacts f = pageFacts(requestId);
        return f == null ? List.of() : parts(f, List.of(who), step, false, null, now);
      }

      @Override
      public Part grouped(List<Long> requestIds, Recipient who, String channel, Instant now) {
        return groupedPart(requestIds, who, channel, now);
      }
    });
    DSLContext dsl = database.dsl();
    this.facts = new PrerenderedQuery(factsQuery(dsl), "request");
    OnCallRequestStatus paging = OnCallRequestStatus.PAGING;
    this.markPaging = new PrerenderedQuery(dsl.update(ONCALL_REQUEST).set(ONCALL_REQUEST.STATUS, DSL.inline(paging.code()))
        .set(ONCALL_REQUEST.PAGED_AT, DSL.coalesce(ONCALL_REQUEST.PAGED_AT, DSL.param("at", ONCALL_REQUEST.PAGED_AT)))
        .where(ONCALL_REQUEST.ID.eq(DSL.param("request", ONCALL_REQUEST.ID)))
        .and(OnCallRequests.mayBecome(ONCALL_REQUEST.STATUS, paging)),
        "at", "request");
  }

  Outcome page(Outbox.Item item, OutboxMessage.Page p, Instant now) {
    return page(item, p.oncallRequest(), null, p.addedMessage(), p.previousCallback(), now);
  }

  Outcome followUp(Outbox.Item item, OutboxMessage.PageFollowUp f, Instant now) {
    return f.endsChain() ? breach(f, now) : page(item, f.oncallRequest(), f.step(), false, null, now);
  }

  /** The first page ({@code step} null; also a new message), or follow-up {@code step}. */
  private Outcome page(Outbox.Item item, long requestId, Integer step, boolean addedMessage, String previousCallback,
      Instant now) {
    PageFacts f = pageFacts(requestId);
    if (f == null) {
      return Outcome.failed("no on-call request " + requestId);
    }
    OncallRequestRecord r = f.request();
    OnCallRequestStatus status = OnCallRequestStatus.fromCode(r.getStatus());
    if (!status.isOpen()) {
      LOG.info("demande {} à l'état {} : {} non envoyé", r.getTicketNumber(), r.getStatus(), item.idempotencyKey());
      return Outcome.DONE;
    }
    Rota currentRota = rota.get();
    PagingTimings timings = currentRota.timings();
    Instant start = r.getCreatedAt().toInstant();
    ChannelPolicy.NextStep next = ChannelPolicy.next(start, step == null ? 1 : step + 1, timings);
    // A request already paging keeps its status and first paged_at: no write (most pages of a burst
    // are re-pages of a request already open).
    boolean firstPage = status != OnCallRequestStatus.PAGING || r.getPagedAt() == null;
    Consumer<DSLContext> chain = tx -> {
      if (firstPage) {
        markPaging.execute(tx, Timestamps.utc(now), requestId);
      }
      queue(tx, r.getTicketNumber(), requestId, next);
    };
    try {
      List<Recipient> to = ChannelPolicy.pageRecipients(duty.onDuty(currentRota, now), step, timings,
          currentRota.lastResort());
      if (to.get(0).role() == Recipient.Role.LAST_RESORT) {
        LOG.error("personne d'astreinte à {} pour la demande {} : alerte du contact de dernier recours {}", Timestamps.paris(now), r.getTicketNumber(),
            currentRota.lastResort().maskedPhone());
      }
      List<Part> parts = parts(f, to, step, addedMessage, previousCallback, now);
      // Issue 13: a send to a person already waited for, in a call, or past a rate limit is held and grouped.
      return sender.sendHolding(item, parts, requestId, r.getTicketNumber(), now, tx -> {
        chain.accept(tx);
        return persons.hold(tx, item, parts, requestId, r.getTicketNumber(), step, now);
      });
    } catch (RuntimeException e) {
      // Whatever failed (the rota, the texts, the database, a provider), the chain goes on. Queuing its
      // next step again changes nothing if the parts' transaction already did.
      try {
        database.transaction(chain);
      } catch (RuntimeException again) {
        e.addSuppressed(again);
      }
      throw e;
    }
  }

  /** The sends of a page: an SMS and a call to each recipient. */
  private List<Part> parts(PageFacts f, List<Recipient> to, Integer step, boolean addedMessage,
      String previousCallback, Instant now) {
    OncallRequestRecord r = f.request();
    PagingTexts t = texts.get();
    int messages = r.getMessageRefs() == null ? 1 : Math.max(1, r.getMessageRefs().length);
    Optional<LatestMessage> stored = f.latestMessage();
    Integer seconds = stored.map(LatestMessage::durationSeconds).orElse(null);
    URI recording = stored.map(m -> links.messageUrl(m.msgId(), now))
        .orElseGet(() -> links.recordingUrl(r.getTicketNumber(), messages, now));
    // Without a dialable call-back number the menu's "1 = connect" cannot work: say it and point to the SMS.
    String call = f.priority() != null && Phones.isE164(r.getCallbackNumber())
        ? voice.page(new PageSummary(r.getTicketNumber(), f.priority(),
            f.account() == null ? t.unknownAccount() : f.account(), r.getCallbackNumber()), recording)
        : voice.announce(t.voiceWithoutCallback(r.getTicketNumber()));
    List<Part> parts = new ArrayList<>();
    for (Recipient who : to) {
      String sms = t.page(step, addedMessage, who.role(), r.getTicketNumber(), f.priority(), f.account(),
          r.getCallbackNumber(), step == null ? previousCallback : null, seconds);
      // Issue 15: the technician's own page of the request, appended to the text as it is.
      sms += technicianLink(r.getId(), who, r.getCreatedAt().toInstant().plus(rota.get().timings().takeChargeWindow()));
      parts.add(Part.sms(who, sms));
      parts.add(Part.voice(who, call));
    }
    return parts;
  }

  /**
   * The one SMS listing several requests waiting for a person, or the one call presenting them in turn
   * (issue 13). A request whose page cannot be said (no priority, no dialable call-back number) is in the
   * SMS only.
   */
  private Part groupedPart(List<Long> requestIds, Recipient who, String channel, Instant now) {
    PagingTexts t = texts.get();
    java.util.LinkedHashMap<String, Priority> listed = new java.util.LinkedHashMap<>();
    List<PageSummary> summaries = new ArrayList<>();
    List<URI> recordings = new ArrayList<>();
    for (long id : requestIds) {
      PageFacts f = pageFacts(id);
      if (f == null) {
        continue;
      }
      OncallRequestRecord r = f.request();
      listed.put(r.getTicketNumber(), f.priority());
      if (f.priority() != null && Phones.isE164(r.getCallbackNumber())) {
        int messages = r.getMessageRefs() == null ? 1 : Math.max(1, r.getMessageRefs().length);
        summaries.add(new PageSummary(r.getTicketNumber(), f.priority(),
            f.account() == null ? t.unknownAccount() : f.account(), r.getCallbackNumber()));
        recordings.add(f.latestMessage().map(m -> links.messageUrl(m.msgId(), now))
            .orElseGet(() -> links.recordingUrl(r.getTicketNumber(), messages, now)));
      }
    }
    if (channel.equals("sms")) {
      return Part.sms(who, t.grouped(who.role(), listed));
    }
    String intro = t.groupedCallIntro(listed.size());
    return Part.voice(who, summaries.isEmpty() ? voice.announce(intro + " " + t.groupedCallEnd())
        : voice.cover(intro, summaries, recordings));
  }

  /** " <link>" to the technician's own page of the request, or "" (no signing secret, or the last-resort contact). */
  private String technicianLink(long requestId, Recipient who, Instant chainEnd) {
    if (who.role() == Recipient.Role.LAST_RESORT) {
      return "";
    }
    return links.technicianPage(requestId, who.id(), chainEnd).map(u -> " " + u).orElse("");
  }

  /** Queues the chain's next row. */
  static void queue(DSLContext tx, String ticket, long requestId, ChannelPolicy.NextStep next) {
    String prefix = "page:" + ticket + ":" + requestId + ":";
    if (next.breach()) {
      Outbox.enqueue(tx, OutboxMessage.PageFollowUp.breach(requestId, ticket), prefix + "breach", next.at());
    } else {
      Outbox.enqueue(tx, OutboxMessage.PageFollowUp.step(requestId, ticket, next.step()),
          prefix + "followup:" + next.step(), next.at());
    }
  }

  private Outcome breach(OutboxMessage.PageFollowUp f, Instant now) {
    long requestId = f.oncallRequest();
    int windowMinutes = (int) rota.get().timings().takeChargeWindow().toMinutes();
    boolean recorded = database.transactionResult(tx -> {
      OncallRequestRecord r = tx.update(ONCALL_REQUEST).set(ONCALL_REQUEST.BREACHED_AT, Timestamps.utc(now))
          .where(ONCALL_REQUEST.ID.eq(requestId)).and(OnCallRequests.isOpen(ONCALL_REQUEST.STATUS))
          .and(ONCALL_REQUEST.BREACHED_AT.isNull())
          .returning().fetchOne();
      if (r == null) {
        return false;
      }
      TicketHistory.append(tx, new TicketHistory.Entry(r.getTicketNumber(), now, "astreinte",
          TicketEventKind.ONCALL_BREACH, Map.of("oncall_request", requestId, "window_minutes", windowMinutes)));
      LOG.warn("demande d'astreinte {} (ticket {}) non prise en charge en {} min", requestId, r.getTicketNumber(),
          windowMinutes);
      return true;
    });
    if (recorded) {
      metrics.breach();
    }
    return Outcome.DONE;
  }

  /**
   * What a page says, in one query: the request, its ticket's priority and account, and the latest
   * stored voice message. Under a burst of registrations every page costs the database something,
   * and it shares the machine with the calls. Null when the request does not exist.
   */
  private PageFacts pageFacts(long requestId) {
    var rows = facts.fetch(database.dsl(), requestId);
    if (rows.isEmpty()) {
      return null;
    }
    var row = rows.get(0);
    String priority = row.get(TICKET.PRIORITY);
    return new PageFacts(row.into(ONCALL_REQUEST), priority == null ? null : Priority.fromCode(priority),
        row.get(ACCOUNT.NAME), LatestMessage.in(row));
  }

  private static org.jooq.Select<?> factsQuery(DSLContext dsl) {
    var latest = LatestMessage.of(ONCALL_REQUEST.ID).asTable(LatestMessage.TABLE);
    return dsl.select(ONCALL_REQUEST.fields()).select(TICKET.PRIORITY, ACCOUNT.NAME)
        .select(LatestMessage.MSG_ID, LatestMessage.DURATION)
        .from(ONCALL_REQUEST)
        .leftJoin(TICKET).on(TICKET.NUMBER.eq(ONCALL_REQUEST.TICKET_NUMBER))
        .leftJoin(ACCOUNT).on(ACCOUNT.ID.eq(TICKET.ACCOUNT_ID))
        .leftJoin(DSL.lateral(latest)).on(DSL.trueCondition())
        .where(ONCALL_REQUEST.ID.eq(DSL.param("request", ONCALL_REQUEST.ID)));
  }

  private record PageFacts(OncallRequestRecord request, Priority priority, String account,
      Optional<LatestMessage> latestMessage) {}
}

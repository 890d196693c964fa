package com.serveurcom.astreinte.oncall;

import static com.serveurcom.astreinte.database.generated.Tables.ONCALL_REQUEST;
import static com.serveurcom.astreinte.database.generated.Tables.OUTBOX;
import static com.serveurcom.astreinte.database.generated.Tables.TICKET;
import static com.serveurcom.astreinte.database.generated.Tables.TICKET_EVENT;

import com.serveurcom.astreinte.database.Database;
import com.serveurcom.astreinte.database.Json;
import com.serveurcom.astreinte.outbox.Outbox;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;

/**
 * On-call requests: a compliant message about an open ticket, left outside opening hours, and the
 * page it causes. Registering writes the request (or adds the message to the open one), the
 * ticket's history and the page's outbox row in one transaction, so a page is never lost nor
 * sent for a request that was not stored.
 */
public final class OnCallRequests {
  /** Outbox kind of a page to the on-call technician. */
  public static final String PAGE = "page";
  /** Outbox kind of a message no stored request can claim (unknown ticket): paged as it is. */
  public static final String ORPHAN_PAGE = "page_orphan";
  /** Requests whose page chain is running. */
  static final List<String> OPEN = List.of("pending", "paging");

  private final Database database;

  public OnCallRequests(Database database) {
    this.database = database;
  }

  public OnCallRegistration register(OnCallMessage m) {
    String key = "page:" + m.ticketNumber() + ":" + m.callId();
    return database.transactionResult(tx -> {
      // The same call replayed from the journal after an uncertain commit: already done.
      if (tx.fetchExists(OUTBOX, OUTBOX.IDEMPOTENCY_KEY.in(key, "orphan:" + m.callId()))) {
        Long id = openRequestId(tx, m.ticketNumber());
        return new OnCallRegistration(id == null ? 0 : id, m.ticketNumber(), true);
      }
      // Locking the ticket serialises registrations of one ticket: two simultaneous calls make one chain.
      boolean ticketExists =
          tx.select(TICKET.NUMBER).from(TICKET).where(TICKET.NUMBER.eq(m.ticketNumber())).forUpdate().fetchOne() != null;
      if (!ticketExists) {
        Outbox.enqueue(tx, ORPHAN_PAGE, payload(0, m, false), "orphan:" + m.callId(), m.receivedAt());
        return new OnCallRegistration(0, m.ticketNumber(), false);
      }
      Long existing = openRequestId(tx, m.ticketNumber());
      long id;
      if (existing != null) {
        id = existing;
        tx.update(ONCALL_REQUEST)
            .set(ONCALL_REQUEST.MESSAGE_REFS, DSL.field("array_append({0}, {1})", String[].class,
                ONCALL_REQUEST.MESSAGE_REFS, DSL.val(m.messageFile())))
            .where(ONCALL_REQUEST.ID.eq(id)).execute();
      } else {
        id = tx.insertInto(ONCALL_REQUEST)
            .set(ONCALL_REQUEST.TICKET_NUMBER, m.ticketNumber())
            .set(ONCALL_REQUEST.CALLBACK_NUMBER, m.callbackNumber())
            .set(ONCALL_REQUEST.MESSAGE_REFS, new String[] {m.messageFile()})
            .set(ONCALL_REQUEST.CREATED_AT, Outbox.utc(m.receivedAt()))
            .returning(ONCALL_REQUEST.ID).fetchOne().getId();
      }
      tx.insertInto(TICKET_EVENT)
          .set(TICKET_EVENT.TICKET_NUMBER, m.ticketNumber())
          .set(TICKET_EVENT.AT, Outbox.utc(m.receivedAt()))
          .set(TICKET_EVENT.ACTOR, "astreinte")
          .set(TICKET_EVENT.KIND, existing == null ? "oncall_request" : "oncall_message")
          .set(TICKET_EVENT.DETAILS, Json.object(Map.of(
              "oncall_request", id, "callback", m.callbackNumber(), "message", m.messageFile(), "call", m.callId())))
          .execute();
      Outbox.enqueue(tx, PAGE, payload(id, m, existing != null), key, m.receivedAt());
      return new OnCallRegistration(id, m.ticketNumber(), existing != null);
    });
  }

  private static Long openRequestId(DSLContext tx, String ticket) {
    return tx.select(ONCALL_REQUEST.ID).from(ONCALL_REQUEST)
        .where(ONCALL_REQUEST.TICKET_NUMBER.eq(ticket)).and(ONCALL_REQUEST.STATUS.in(OPEN))
        .orderBy(ONCALL_REQUEST.ID.desc()).limit(1).fetchOne(ONCALL_REQUEST.ID);
  }

  private static org.jooq.JSONB payload(long id, OnCallMessage m, boolean addedMessage) {
    Map<String, Object> p = new LinkedHashMap<>();
    p.put("oncall_request", id);
    p.put("ticket", m.ticketNumber());
    p.put("callback", m.callbackNumber());
    p.put("caller", m.callerId());
    p.put("message", m.messageFile());
    p.put("call", m.callId());
    p.put("added_message", addedMessage);
    return Json.object(p);
  }
}

package com.serveurcom.astreinte.oncall;

import com.serveurcom.astreinte.database.Timestamps;
import com.serveurcom.astreinte.database.Database;
import com.serveurcom.astreinte.outbox.Outbox;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.List;
import org.jooq.Condition;
import org.jooq.Field;
import org.jooq.impl.DSL;

/**
 * On-call requests: a compliant message about an open ticket, left outside opening hours, and the
 * page it causes. Registering writes the request (or adds the message to the open one), the
 * ticket's history and the page's outbox row in one transaction, so a page is never lost nor
 * sent for a request that was not stored.
 */
public final class OnCallRequests {
  /** Codes of the requests whose page chain is running ({@link OnCallRequestStatus#OPEN}). */
  private static final List<String> OPEN = OnCallRequestStatus.OPEN.stream().map(OnCallRequestStatus::code).toList();

  /**
   * {@code status} is one of {@link #OPEN}, written as constants: the partial indexes on open
   * requests (V1, V7) match only a literal list, not bound values under a generic plan.
   */
  public static Condition isOpen(Field<String> status) {
    return status.in(OPEN.stream().map(DSL::inline).toList());
  }

  /**
   * {@code status} is one from which a request may move to {@code target}, written as constants
   * like {@link #isOpen}: the guard of every status change, so the first acknowledgement wins.
   */
  public static Condition mayBecome(Field<String> status, OnCallRequestStatus target) {
    return status.in(target.allowedFrom().stream().sorted().map(s -> DSL.inline(s.code())).toList());
  }

  private static final String REGISTER = "select request_id, added_to_existing from astreinte_register_oncall(?, ?, ?, ?, ?, ?)";

  private final Database database;

  public OnCallRequests(Database database) {
    this.database = database;
  }

  /**
   * Writes the request (or adds the message to the open one), the ticket's history and the page's
   * outbox row: the steps live in the database function {@code astreinte_register_oncall} (migration
   * V6), so a registration is one round trip while the caller waits for the confirmation prompt.
   */
  public OnCallRegistration register(OnCallMessage m) {
    return database.dsl().connectionResult(c -> {
      try (PreparedStatement s = c.prepareStatement(REGISTER)) {
        s.setString(1, m.ticketNumber());
        s.setString(2, m.callbackNumber());
        s.setString(3, m.callerId());
        s.setString(4, m.messageFile());
        s.setString(5, m.callId());
        s.setObject(6, Timestamps.utc(m.receivedAt()));
        try (ResultSet r = s.executeQuery()) {
          r.next();
          return new OnCallRegistration(r.getLong(1), m.ticketNumber(), r.getBoolean(2));
        }
      }
    });
  }
}

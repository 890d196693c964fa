package com.serveurcom.astreinte.escalation;

import static com.serveurcom.astreinte.database.generated.Tables.ESCALATION;
import static com.serveurcom.astreinte.database.generated.Tables.OUTBOX;
import static com.serveurcom.astreinte.database.generated.Tables.TICKET;

import com.serveurcom.astreinte.database.Database;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.jooq.Condition;
import org.jooq.impl.DSL;

/** Read-only listing of recorded escalations, for the API and the command line. */
public final class EscalationQuery {

  /**
   * One recorded escalation.
   *
   * @param at when the engine recorded it
   * @param notice status of its notice in the outbox ({@code pending}, {@code sent}, {@code failed},
   *     {@code cancelled}), or {@code none} when no notice exists
   * @param ticketOpen whether the ticket is still open
   */
  public record Row(long id, String ticket, String priority, String deadline, Instant deadlineAt, int level,
      Instant dueAt, Instant at, List<Integer> skippedLevels, String notice, boolean ticketOpen) {

    /** Sent to the pager (the notice left): what "notified" means for a manager. */
    public boolean notified() {
      return "sent".equals(notice);
    }
  }

  private final Database database;

  public EscalationQuery(Database database) {
    this.database = database;
  }

  /**
   * Escalations, most recent first.
   *
   * @param openOnly only those of tickets still open
   */
  public List<Row> list(boolean openOnly, int limit) {
    Condition where = openOnly ? TICKET.STATUS.in("new", "in_progress", "waiting_customer") : DSL.noCondition();
    return database.dsl()
        .select(ESCALATION.ID, ESCALATION.TICKET_NUMBER, ESCALATION.PRIORITY, ESCALATION.DEADLINE, ESCALATION.DEADLINE_AT,
            ESCALATION.LEVEL, ESCALATION.DUE_AT, ESCALATION.AT, ESCALATION.SKIPPED_LEVELS, OUTBOX.STATUS, TICKET.STATUS)
        .from(ESCALATION)
        .join(TICKET).on(TICKET.NUMBER.eq(ESCALATION.TICKET_NUMBER))
        .leftJoin(OUTBOX).on(OUTBOX.IDEMPOTENCY_KEY.eq(ESCALATION.OUTBOX_KEY))
        .where(where)
        .orderBy(ESCALATION.AT.desc(), ESCALATION.ID.desc())
        .limit(limit)
        .fetch(r -> new Row(r.value1(), r.value2(), r.value3(), r.value4(), r.value5().toInstant(), r.value6(),
            r.value7().toInstant(), r.value8().toInstant(), Arrays.asList(r.value9()),
            r.value10() == null ? "none" : r.value10(),
            !List.of("resolved", "closed").contains(r.value11())));
  }
}

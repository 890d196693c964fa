package com.serveurcom.astreinte.paging;

import static com.serveurcom.astreinte.database.generated.Tables.PAGE_ATTEMPT;

import com.serveurcom.astreinte.database.Database;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.jooq.Condition;
import org.jooq.impl.DSL;

/** Reads what was paged ({@code astreinte pages}, {@code GET /api/pages}), newest first. */
public final class PageLog {
  /**
   * One SMS or call. The number is masked: this list is shown on screens and in logs.
   *
   * @param status         sending | accepted | failed | rejected
   * @param deliveryStatus Twilio's last status callback (delivered, no-answer...), null if none yet
   */
  public record Page(long id, Instant at, String kind, String ticket, Long oncallRequest, String channel,
      String recipientName, String recipientMasked, String provider, String sid, String status,
      String deliveryStatus, String answeredBy, String error) {}

  private final Database database;

  public PageLog(Database database) {
    this.database = Objects.requireNonNull(database, "database");
  }

  /** @param ticket only this request's pages when non-null */
  public List<Page> recent(int limit, String ticket) {
    Condition c = ticket == null ? DSL.trueCondition() : PAGE_ATTEMPT.TICKET_NUMBER.eq(ticket);
    return database.dsl().selectFrom(PAGE_ATTEMPT).where(c)
        .orderBy(PAGE_ATTEMPT.CREATED_AT.desc(), PAGE_ATTEMPT.ID.desc())
        .limit(Math.max(1, Math.min(limit, 1000)))
        .fetch(r -> new Page(r.getId(), r.getCreatedAt().toInstant(), r.getOutboxKind(), r.getTicketNumber(),
            r.getOncallRequestId(), r.getChannel(), r.getRecipientName(), Phones.mask(r.getRecipientPhone()),
            r.getProvider(), r.getProviderSid(), r.getStatus(), r.getDeliveryStatus(), r.getAnsweredBy(), r.getError()));
  }
}

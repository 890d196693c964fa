package com.serveurcom.astreinte.ticket;

import static com.serveurcom.astreinte.database.generated.Tables.ACCOUNT;
import static com.serveurcom.astreinte.database.generated.Tables.TICKET;
import static com.serveurcom.astreinte.database.generated.Tables.TICKET_EVENT;

import com.serveurcom.astreinte.database.Database;
import com.serveurcom.astreinte.database.generated.tables.records.TicketRecord;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;

/**
 * Tickets and their history. Every change runs in one transaction that also appends its
 * {@code ticket_event} row; the ticket row is locked ({@code FOR UPDATE}) while it changes.
 */
public final class TicketStore {
  /** First key of the advisory lock serialising the numbering of one year prefix ("tick"). */
  static final int NUMBERING_LOCK = 0x7469636B;

  private final Database database;
  private final SlaPolicy slaPolicy;
  private final Clock clock;

  /** When business hours start again after {@code at} (the SLA calendar's); empty while they run. */
  public java.util.Optional<Instant> businessHoursResume(Instant at) {
    return slaPolicy.businessHoursResume(at);
  }

  public TicketStore(Database database, SlaPolicy slaPolicy, Clock clock) {
    this.database = database;
    this.slaPolicy = slaPolicy;
    this.clock = clock;
  }

  // ---------------------------------------------------------------- creation

  /**
   * Opens a ticket now, with the next number of the year (two-digit year in Europe/Paris and a
   * six-digit sequence, after the highest number present for that year).
   *
   * @throws UnknownAccountException when the account does not exist
   */
  public Ticket create(NewTicket t, String actor) {
    Instant now = clock.instant();
    return database.transactionResult(tx -> {
      boolean oncall = oncallOption(tx, t.accountId());
      int year = TicketNumbers.yearPrefix(now);
      lockNumbering(tx, year);
      String number = TicketNumbers.issued(year, highestSequence(tx, year) + 1);
      SlaDeadlines d = slaPolicy.deadlines(t.priority(), now, oncall);
      TicketRecord rec = tx.newRecord(TICKET);
      rec.setNumber(number);
      rec.setAccountId(t.accountId());
      rec.setService(t.service().code());
      rec.setMotive(t.motive());
      rec.setPriority(t.priority().code());
      rec.setStatus(TicketStatus.NEW.code());
      rec.setSubject(t.subject());
      rec.setDescription(t.description());
      rec.setContactName(t.contactName());
      rec.setContactEmail(t.contactEmail());
      rec.setContactPhone(t.contactPhone());
      rec.setOpenedAt(odt(now));
      rec.setTakeChargeBy(odt(d.takeChargeBy()));
      rec.setResolveBy(odt(d.resolveBy()));
      rec.setNextDeadline(odt(d.takeChargeBy()));
      rec.setUpdatedAt(odt(now));
      rec.insert();
      appendEvent(tx, number, now, actor, TicketEventKind.CREATED, details("priority", t.priority().code(),
          "service", t.service().code(), "take_charge_by", d.takeChargeBy().toString(),
          "resolve_by", d.resolveBy().toString()));
      return toTicket(rec);
    });
  }

  /**
   * Imports a ticket with its own number.
   *
   * @throws TicketAlreadyExistsException when the number is taken
   */
  public Ticket importTicket(ImportedTicket t, String actor) {
    return database.transactionResult(tx -> {
      lockNumberingOf(tx, t.number());
      if (tx.fetchExists(TICKET, TICKET.NUMBER.eq(t.number()))) {
        throw new TicketAlreadyExistsException(t.number());
      }
      return insertImported(tx, t, actor);
    });
  }

  /**
   * Inserts the ticket, or updates the one with this number to match; idempotent. An event is
   * appended only when something was inserted or changed.
   *
   * @return true when the ticket was inserted or changed
   */
  public boolean upsertImported(DSLContext tx, ImportedTicket t, String actor) {
    lockNumberingOf(tx, t.number());
    TicketRecord rec = tx.selectFrom(TICKET).where(TICKET.NUMBER.eq(t.number())).forUpdate().fetchOne();
    if (rec == null) {
      insertImported(tx, t, actor);
      return true;
    }
    Ticket before = toTicket(rec);
    fillImported(tx, rec, t);
    Ticket after = toTicket(rec);
    if (before.equals(after)) {
      return false;
    }
    Instant now = clock.instant();
    rec.setUpdatedAt(odt(now));
    rec.update();
    appendEvent(tx, t.number(), now, actor, TicketEventKind.REIMPORTED, details("status", t.status().code(),
        "priority", t.priority().code()));
    return true;
  }

  private Ticket insertImported(DSLContext tx, ImportedTicket t, String actor) {
    TicketRecord rec = tx.newRecord(TICKET);
    rec.setNumber(t.number());
    fillImported(tx, rec, t);
    Instant now = clock.instant();
    rec.setUpdatedAt(odt(now));
    rec.insert();
    appendEvent(tx, t.number(), now, actor, TicketEventKind.IMPORTED, details("status", t.status().code(),
        "priority", t.priority().code(), "opened_at", t.openedAt().toString()));
    return toTicket(rec);
  }

  private void fillImported(DSLContext tx, TicketRecord rec, ImportedTicket t) {
    boolean oncall = oncallOption(tx, t.accountId());
    SlaDeadlines d = slaPolicy.deadlines(t.priority(), t.openedAt(), oncall);
    rec.setAccountId(t.accountId());
    rec.setService(t.service().code());
    rec.setMotive(t.motive());
    rec.setPriority(t.priority().code());
    rec.setStatus(t.status().code());
    rec.setSubject(t.subject());
    rec.setDescription(t.description());
    rec.setContactName(t.contactName());
    rec.setContactEmail(t.contactEmail());
    rec.setContactPhone(t.contactPhone());
    rec.setAssignee(t.assignee());
    rec.setOpenedAt(odt(t.openedAt()));
    rec.setTakenInChargeAt(odt(t.takenInChargeAt()));
    rec.setResolvedAt(odt(t.resolvedAt()));
    rec.setTakeChargeBy(odt(d.takeChargeBy()));
    rec.setResolveBy(odt(d.resolveBy()));
    rec.setNextDeadline(odt(Ticket.nextDeadline(t.status(), t.takenInChargeAt(), d.takeChargeBy(), d.resolveBy())));
  }

  private static boolean oncallOption(DSLContext tx, long accountId) {
    Boolean option = tx.select(ACCOUNT.ONCALL_OPTION).from(ACCOUNT).where(ACCOUNT.ID.eq(accountId))
        .fetchOne(ACCOUNT.ONCALL_OPTION);
    if (option == null) {
      throw new UnknownAccountException(accountId);
    }
    return option;
  }

  /** Serialises numbering per year prefix until the transaction ends (commit or rollback). */
  private static void lockNumbering(DSLContext tx, int yearPrefix) {
    tx.execute("select pg_advisory_xact_lock(?, ?)", NUMBERING_LOCK, yearPrefix);
  }

  /** An imported number shaped like an issued one takes the same lock, so they never collide. */
  private static void lockNumberingOf(DSLContext tx, String number) {
    if (number.length() == TicketNumbers.ISSUED_LENGTH) {
      lockNumbering(tx, Integer.parseInt(number.substring(0, 2)));
    }
  }

  private static int highestSequence(DSLContext tx, int yearPrefix) {
    String low = TicketNumbers.issued(yearPrefix, 1).substring(0, 2) + "000000";
    String high = low.substring(0, 2) + "999999";
    String max = tx.select(DSL.max(TICKET.NUMBER)).from(TICKET)
        .where(TICKET.NUMBER.between(low, high))
        .and(DSL.charLength(TICKET.NUMBER).eq(TicketNumbers.ISSUED_LENGTH))
        .fetchOne(0, String.class);
    return max == null ? 0 : Integer.parseInt(max.substring(2));
  }

  // ---------------------------------------------------------------- reading

  public Optional<Ticket> find(String number) {
    if (!TicketNumbers.isValid(number)) {
      return Optional.empty();
    }
    return database.dsl().selectFrom(TICKET).where(TICKET.NUMBER.eq(number)).fetchOptional(TicketStore::toTicket);
  }

  /** Tickets matching {@code filter}, most recently opened first. */
  public List<Ticket> list(TicketFilter filter) {
    List<Condition> where = new ArrayList<>();
    if (!filter.statuses().isEmpty()) {
      where.add(TICKET.STATUS.in(filter.statuses().stream().map(TicketStatus::code).toList()));
    }
    if (!filter.priorities().isEmpty()) {
      where.add(TICKET.PRIORITY.in(filter.priorities().stream().map(Priority::code).toList()));
    }
    filter.accountId().ifPresent(id -> where.add(TICKET.ACCOUNT_ID.eq(id)));
    return database.dsl().selectFrom(TICKET).where(where)
        .orderBy(TICKET.OPENED_AT.desc(), TICKET.NUMBER.desc())
        .limit(filter.limit())
        .fetch(TicketStore::toTicket);
  }

  /** The ticket's history, oldest first. */
  public List<TicketEvent> events(String number) {
    return database.dsl().selectFrom(TICKET_EVENT).where(TICKET_EVENT.TICKET_NUMBER.eq(number))
        .orderBy(TICKET_EVENT.ID)
        .fetch(r -> new TicketEvent(r.getId(), r.getTicketNumber(), r.getAt().toInstant(), r.getActor(),
            r.getKind(), r.getDetails().data()));
  }

  // ---------------------------------------------------------------- events

  /** Adds a comment; allowed in any status. */
  public Ticket comment(String number, String actor, String text) {
    if (text == null || text.isBlank()) {
      throw new IllegalArgumentException("a comment needs a text");
    }
    return change(number, actor, TicketEventKind.COMMENT, (tx, rec, t, now) -> details("text", text));
  }

  /**
   * A technician takes charge: sets the assignee, the first take-charge instant, status
   * in_progress. Allowed while the ticket is open.
   */
  public Ticket takeCharge(String number, String actor, String assignee) {
    return database.transactionResult(tx -> takeCharge(tx, number, actor, assignee));
  }

  /**
   * {@link #takeCharge(String, String, String)} inside the caller's transaction: the paging engine
   * records an on-call take-charge, the ticket's and the chain's cancellation as one change.
   */
  public Ticket takeCharge(DSLContext tx, String number, String actor, String assignee) {
    if (assignee == null || assignee.isBlank()) {
      throw new IllegalArgumentException("taking charge needs an assignee");
    }
    return change(tx, number, actor, TicketEventKind.TAKE_CHARGE, (txc, rec, t, now) -> {
      requireOpen(t, "take charge of");
      rec.setAssignee(assignee);
      if (rec.getTakenInChargeAt() == null) {
        rec.setTakenInChargeAt(odt(now));
      }
      rec.setStatus(TicketStatus.IN_PROGRESS.code());
      return details("assignee", assignee, "previous_status", t.status().code());
    });
  }

  /** Changes the priority; deadlines are recomputed from now. Allowed while the ticket is open. */
  public Ticket changePriority(String number, String actor, Priority priority) {
    return change(number, actor, TicketEventKind.CHANGE_PRIORITY, (tx, rec, t, now) -> {
      requireOpen(t, "change the priority of");
      if (t.priority() == priority) {
        throw new InvalidTransitionException(number, t.status(), "change the priority of",
            "priority is already " + priority.code());
      }
      SlaDeadlines d = slaPolicy.deadlines(priority, now, oncallOption(tx, t.accountId()));
      rec.setPriority(priority.code());
      rec.setTakeChargeBy(odt(d.takeChargeBy()));
      rec.setResolveBy(odt(d.resolveBy()));
      return details("from", t.priority().code(), "to", priority.code(),
          "take_charge_by", d.takeChargeBy().toString(), "resolve_by", d.resolveBy().toString());
    });
  }

  /** Marks the ticket resolved; allowed while it is open. */
  public Ticket resolve(String number, String actor, String resolution) {
    return change(number, actor, TicketEventKind.RESOLVE, (tx, rec, t, now) -> {
      requireOpen(t, "resolve");
      rec.setStatus(TicketStatus.RESOLVED.code());
      rec.setResolvedAt(odt(now));
      return details("resolution", resolution);
    });
  }

  /** Closes the ticket; allowed in any status but closed. */
  public Ticket close(String number, String actor) {
    return change(number, actor, TicketEventKind.CLOSE, (tx, rec, t, now) -> {
      if (t.status() == TicketStatus.CLOSED) {
        throw new InvalidTransitionException(number, t.status(), "close", "already closed");
      }
      rec.setStatus(TicketStatus.CLOSED.code());
      rec.setClosedAt(odt(now));
      return details("previous_status", t.status().code());
    });
  }

  /**
   * Reopens a resolved or closed ticket: back to in_progress if it had been taken in charge,
   * else new. The deadlines are kept.
   */
  public Ticket reopen(String number, String actor, String reason) {
    return change(number, actor, TicketEventKind.REOPEN, (tx, rec, t, now) -> {
      if (t.isOpen()) {
        throw new InvalidTransitionException(number, t.status(), "reopen", "the request is still open");
      }
      TicketStatus to = t.takenInChargeAt() == null ? TicketStatus.NEW : TicketStatus.IN_PROGRESS;
      rec.setStatus(to.code());
      rec.setResolvedAt(null);
      rec.setClosedAt(null);
      return details("previous_status", t.status().code(), "reason", reason);
    });
  }

  private static void requireOpen(Ticket t, String action) {
    if (!t.isOpen()) {
      throw new InvalidTransitionException(t.number(), t.status(), action, "the request is " + t.status().french());
    }
  }

  @FunctionalInterface
  private interface Mutation {
    /** Changes {@code rec} (the locked row; {@code before} is its prior value) and returns the event details. */
    Map<String, Object> apply(DSLContext tx, TicketRecord rec, Ticket before, Instant now);
  }

  private Ticket change(String number, String actor, TicketEventKind kind, Mutation mutation) {
    return database.transactionResult(tx -> change(tx, number, actor, kind, mutation));
  }

  private Ticket change(DSLContext tx, String number, String actor, TicketEventKind kind, Mutation mutation) {
    Instant now = clock.instant();
    TicketRecord rec = TicketNumbers.isValid(number)
        ? tx.selectFrom(TICKET).where(TICKET.NUMBER.eq(number)).forUpdate().fetchOne()
        : null;
    if (rec == null) {
      throw new TicketNotFoundException(number);
    }
    Ticket before = toTicket(rec);
    Map<String, Object> details = mutation.apply(tx, rec, before, now);
    rec.setNextDeadline(odt(Ticket.nextDeadline(TicketStatus.fromCode(rec.getStatus()),
        instant(rec.getTakenInChargeAt()), rec.getTakeChargeBy().toInstant(), rec.getResolveBy().toInstant())));
    rec.setUpdatedAt(odt(now));
    if (rec.changed()) {
      rec.update();
    }
    appendEvent(tx, number, now, actor, kind, details);
    return toTicket(rec);
  }

  static void appendEvent(DSLContext tx, String number, Instant at, String actor, TicketEventKind kind,
      Map<String, Object> details) {
    TicketHistory.append(tx, new TicketHistory.Entry(number, at, actor, kind, details));
  }

  private static Map<String, Object> details(Object... keyValues) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (int i = 0; i < keyValues.length; i += 2) {
      m.put((String) keyValues[i], keyValues[i + 1]);
    }
    return m;
  }

  // ---------------------------------------------------------------- mapping

  /** Maps a record holding the TICKET columns. */
  public static Ticket toTicket(org.jooq.Record r) {
    return new Ticket(
        r.get(TICKET.NUMBER),
        r.get(TICKET.ACCOUNT_ID),
        Service.fromCode(r.get(TICKET.SERVICE)),
        r.get(TICKET.MOTIVE),
        Priority.fromCode(r.get(TICKET.PRIORITY)),
        TicketStatus.fromCode(r.get(TICKET.STATUS)),
        r.get(TICKET.SUBJECT),
        r.get(TICKET.DESCRIPTION),
        r.get(TICKET.CONTACT_NAME),
        r.get(TICKET.CONTACT_EMAIL),
        r.get(TICKET.CONTACT_PHONE),
        r.get(TICKET.ASSIGNEE),
        instant(r.get(TICKET.OPENED_AT)),
        instant(r.get(TICKET.TAKEN_IN_CHARGE_AT)),
        instant(r.get(TICKET.RESOLVED_AT)),
        instant(r.get(TICKET.CLOSED_AT)),
        instant(r.get(TICKET.TAKE_CHARGE_BY)),
        instant(r.get(TICKET.RESOLVE_BY)),
        instant(r.get(TICKET.NEXT_DEADLINE)));
  }

  static OffsetDateTime odt(Instant i) {
    return i == null ? null : OffsetDateTime.ofInstant(i, ZoneOffset.UTC);
  }

  static Instant instant(OffsetDateTime o) {
    return o == null ? null : o.toInstant();
  }
}

package com.serveurcom.astreinte.escalation;

import com.serveurcom.astreinte.database.Timestamps;
import static com.serveurcom.astreinte.database.generated.Tables.ACCOUNT;
import static com.serveurcom.astreinte.database.generated.Tables.TICKET;

import com.serveurcom.astreinte.database.Database;
import com.serveurcom.astreinte.outbox.Outbox;
import com.serveurcom.astreinte.outbox.OutboxMessage;
import com.serveurcom.astreinte.ticket.Ticket;
import com.serveurcom.astreinte.ticket.TicketEventKind;
import com.serveurcom.astreinte.ticket.TicketHistory;
import com.serveurcom.astreinte.ticket.TicketStore;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.jooq.DSLContext;
import org.jooq.Record;
import org.jooq.impl.DSL;

/**
 * The escalation engine: informs the matrix's managers when a ticket's take-charge or resolve
 * deadline is overrun, and warns whoever holds the ticket shortly before a deadline.
 *
 * <p>Driven by {@code ticket.next_escalation_at}: a pass locks only the due rows (partial index,
 * {@code FOR UPDATE SKIP LOCKED}, in batches), so it costs what is due, not what is open, and
 * several server instances share the work without doubling it. Each notice is also keyed in the
 * outbox ({@code escalation:<ticket>:<take_charge|resolve>:<level>}, the key the IVR uses when a
 * caller asks for escalation) and each level recorded once in table {@code escalation}, so a
 * level is notified once per ticket and deadline whoever triggers it. After downtime only the
 * highest level now due is sent; the lower ones passed over are recorded as skipped.
 *
 * <p>Ticket changes re-arm the instant through a database trigger (see V3 migration); a change
 * made while a pass holds the row waits for the pass to commit, then re-arms it.
 */
public final class EscalationEngine {
  private static final String ESCALATION_KIND = OutboxMessage.Kind.ESCALATION_NOTICE.code();
  private static final String WARNING_KIND = OutboxMessage.Kind.DEADLINE_WARNING.code();
  public static final Duration DEFAULT_WARNING_LEAD = Duration.ofMinutes(15);
  static final String ACTOR = "escalation-engine";
  private static final int DEFAULT_BATCH = 1000;

  private final Database database;
  private final Supplier<EscalationMatrix> matrix;
  private final Predicate<Instant> openingHours;
  private final Duration warningLead;
  private final int batchSize;

  /**
   * @param matrix the matrix in force (read at each pass: the config may be reloaded)
   * @param openingHours true when the support desk is open (business hours): an unassigned
   *     ticket's warning goes to the on-call technician only outside them
   * @param warningLead how long before a deadline its warning goes out
   */
  public EscalationEngine(Database database, Supplier<EscalationMatrix> matrix, Predicate<Instant> openingHours,
      Duration warningLead) {
    this(database, matrix, openingHours, warningLead, DEFAULT_BATCH);
  }

  public EscalationEngine(Database database, Supplier<EscalationMatrix> matrix, Predicate<Instant> openingHours,
      Duration warningLead, int batchSize) {
    if (warningLead.isNegative()) {
      throw new IllegalArgumentException("warning lead must not be negative");
    }
    this.database = database;
    this.matrix = matrix;
    this.openingHours = openingHours;
    this.warningLead = warningLead;
    this.batchSize = batchSize;
  }

  /** One pass at {@code now}: handles every ticket due, batch after batch, each batch one transaction. */
  public EscalationPass runOnce(Instant now) {
    EscalationMatrix m = matrix.get();
    List<EscalationPass.Escalated> escalated = new ArrayList<>();
    List<EscalationPass.Warned> warned = new ArrayList<>();
    int examined = 0;
    int cancelled = 0;
    while (true) {
      Batch b = database.transactionResult(tx -> batch(tx, m, now));
      examined += b.examined;
      cancelled += b.cancelled;
      escalated.addAll(b.escalated);
      warned.addAll(b.warned);
      if (b.examined < batchSize) {
        break;
      }
    }
    return new EscalationPass(now, examined, List.copyOf(escalated), List.copyOf(warned), cancelled);
  }

  /** When a pass next has something to do (already past when a ticket is due now); empty if never. */
  public Optional<Instant> nextWake() {
    OffsetDateTime t = database.dsl().select(DSL.min(TICKET.NEXT_ESCALATION_AT)).from(TICKET)
        .where(TICKET.NEXT_ESCALATION_AT.isNotNull()).fetchOne(0, OffsetDateTime.class);
    return Optional.ofNullable(t).map(OffsetDateTime::toInstant);
  }

  private record Batch(int examined, List<EscalationPass.Escalated> escalated, List<EscalationPass.Warned> warned,
      int cancelled) {}

  private Batch batch(DSLContext tx, EscalationMatrix m, Instant now) {
    List<Record> rows = tx.select(TICKET.asterisk(), ACCOUNT.NAME).from(TICKET)
        .join(ACCOUNT).on(ACCOUNT.ID.eq(TICKET.ACCOUNT_ID))
        .where(TICKET.NEXT_ESCALATION_AT.le(Timestamps.utc(now)))
        .orderBy(TICKET.NEXT_ESCALATION_AT)
        .limit(batchSize)
        .forUpdate().of(TICKET).skipLocked()
        .fetch();
    if (rows.isEmpty()) {
      return new Batch(0, List.of(), List.of(), 0);
    }
    List<String> numbers = rows.stream().map(r -> r.get(TICKET.NUMBER)).toList();
    Map<String, Map<String, Integer>> recorded = new HashMap<>();
    tx.resultQuery("select e.ticket_number, e.deadline, max(e.level) from unnest(?::text[]) as n(number) "
            + "join escalation e on e.ticket_number = n.number group by e.ticket_number, e.deadline",
            (Object) numbers.toArray(String[]::new))
        .forEach(r -> recorded.computeIfAbsent(r.get(0, String.class), k -> new HashMap<>())
            .put(r.get(1, String.class), r.get(2, Integer.class)));

    Writes w = new Writes();
    List<PendingWarning> pendingWarnings = new ArrayList<>();
    List<PendingEscalation> pending = new ArrayList<>();
    List<String> staleKeys = new ArrayList<>();
    String[] nextNumbers = new String[rows.size()];
    OffsetDateTime[] nextAts = new OffsetDateTime[rows.size()];
    int i = 0;
    for (Record r : rows) {
      Ticket t = TicketStore.toTicket(r);
      String account = r.get(ACCOUNT.NAME);
      EscalationPlan plan = EscalationPlan.of(t, m, warningLead, recorded.getOrDefault(t.number(), Map.of()), now);
      plan.staleLevels().forEach((kind, levels) -> levels.forEach(l -> staleKeys.add(escalationKey(t.number(), kind, l))));
      for (EscalationPlan.Escalate e : plan.escalations()) {
        String key = escalationKey(t.number(), e.deadline(), e.level());
        w.outbox(escalationNotice(t, account, e, m), key, now);
        if (m.channels(e.level()).contains(NoticeChannel.EMAIL)) {
          for (Contact c : m.contacts(e.level())) {
            if (c.email() != null && !c.email().isBlank()) {
              w.outbox(escalationEmail(t, account, e, c), OutboxMessage.Email.key(key, c.email()), now);
            }
          }
        }
        w.escalation(t, e, key, now);
        pending.add(new PendingEscalation(t.number(), e, key));
      }
      for (EscalationPlan.Warn warn : plan.warnings()) {
        String to = t.assignee() != null ? "assignee" : openingHours.test(now) ? "none" : "oncall";
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("ticket", t.number());
        p.put("priority", t.priority().code());
        p.put("account", account);
        p.put("subject", t.subject());
        p.put("deadline", warn.deadline());
        p.put("due", warn.deadlineAt().toString());
        p.put("to", to);
        p.put("assignee", t.assignee());
        // The deadline instant is in the key: a priority change that moves the deadline warns again.
        String key = WARNING_KIND + ":" + t.number() + ":" + warn.deadline() + ":" + warn.deadlineAt().getEpochSecond();
        if (!"none".equals(to)) {
          w.outbox(new OutboxMessage.DeadlineWarning(t.number(), t.priority().code(), account, t.subject(),
              warn.deadline(), warn.deadlineAt(), to, t.assignee()), key, now);
        }
        // The managers of level 1 read it too, by e-mail, for the priorities that escalate.
        if (!m.thresholds(t.priority()).isEmpty() && m.channels(1).contains(NoticeChannel.EMAIL)) {
          for (Contact c : m.contacts(1)) {
            if (c.email() != null && !c.email().isBlank()) {
              w.outbox(warningEmail(t, account, warn, c), OutboxMessage.Email.key(key, c.email()), now);
            }
          }
        }
        pendingWarnings.add(new PendingWarning(new EscalationPass.Warned(t.number(), warn.deadline(), to, t.assignee()),
            "none".equals(to) ? null : key, p));
      }
      nextNumbers[i] = t.number();
      nextAts[i] = Timestamps.utc(plan.next());
      i++;
    }

    // A join with the key array rather than "= any(array)": the planner then probes the unique key
    // index once per key, whatever it believes about the number of pending rows (a filter over the
    // pending rows would grow with every batch of the pass).
    int cancelled = staleKeys.isEmpty() ? 0 : tx.execute("update outbox o set status = 'cancelled' "
        + "from unnest(?::text[]) as k(key) where o.idempotency_key = k.key and o.status = 'pending' and o.kind = ?",
        staleKeys.toArray(String[]::new), ESCALATION_KIND);
    if (!staleKeys.isEmpty()) {
      // The e-mails of a stale level go with its notice.
      cancelled += tx.execute("update outbox o set status = 'cancelled' from unnest(?::text[]) as k(key) "
          + "where o.kind = ? and o.status = 'pending' and starts_with(o.idempotency_key, 'email:' || k.key || ':')",
          staleKeys.toArray(String[]::new), OutboxMessage.Kind.EMAIL.code());
    }
    Set<String> queued = w.flushOutbox(tx);
    Set<String> recordedNow = w.flushEscalations(tx);
    List<EscalationPass.Escalated> escalated = new ArrayList<>();
    for (PendingEscalation p : pending) {
      if (!recordedNow.contains(p.key)) {
        continue; // another writer recorded this level first (cannot happen under the row lock; kept safe)
      }
      Map<String, Object> d = new LinkedHashMap<>();
      d.put("level", p.e.level());
      d.put("deadline", p.e.deadline());
      d.put("due", p.e.deadlineAt().toString());
      d.put("overrun_s", p.e.overrun().toSeconds());
      d.put("skipped_levels", p.e.skippedLevels());
      d.put("notified", queued.contains(p.key));
      w.event(p.ticket, now, TicketEventKind.ESCALATION, d);
      escalated.add(new EscalationPass.Escalated(p.ticket, p.e.deadline(), p.e.level(), p.e.skippedLevels(),
          queued.contains(p.key)));
    }
    List<EscalationPass.Warned> warned = new ArrayList<>();
    for (PendingWarning pw : pendingWarnings) {
      // A ticket re-armed inside the warning window must not be warned twice.
      if (pw.key == null || queued.contains(pw.key)) {
        w.event(pw.warned.ticket(), now, TicketEventKind.DEADLINE_WARNING, pw.details);
        warned.add(pw.warned);
      }
    }
    w.flushEvents(tx);
    // One statement for the whole batch; writing only next_escalation_at does not fire the re-arm trigger.
    tx.execute("update ticket t set next_escalation_at = u.at from unnest(?::text[], ?::timestamptz[]) as u(number, at) "
        + "where t.number = u.number", nextNumbers, nextAts);
    return new Batch(rows.size(), escalated, warned, cancelled);
  }

  private record PendingWarning(EscalationPass.Warned warned, String key, Map<String, Object> details) {}

  private record PendingEscalation(String ticket, EscalationPlan.Escalate e, String key) {}

  /** The outbox key of a level's notice; the IVR's caller-requested escalation uses the same. */
  public static String escalationKey(String ticket, String deadline, int level) {
    return "escalation:" + ticket + ":" + deadline + ":" + level;
  }

  private static OutboxMessage.EscalationNotice escalationNotice(Ticket t, String account, EscalationPlan.Escalate e,
      EscalationMatrix m) {
    List<OutboxMessage.Contact> contacts = new ArrayList<>();
    for (Contact c : m.contacts(e.level())) {
      contacts.add(new OutboxMessage.Contact(c.name(), c.phone(), c.email()));
    }
    // The level's channels (escalade.yaml, canaux): by default SMS to every level, a call as well from level 2.
    java.util.Set<NoticeChannel> channels = m.channels(e.level());
    return new OutboxMessage.EscalationNotice(t.number(), t.priority().code(), account, t.subject(), e.deadline(),
        e.deadlineAt(), e.level(), e.dueAt(), e.overrun().toSeconds(), e.skippedLevels(),
        channels.contains(NoticeChannel.SMS), channels.contains(NoticeChannel.VOICE), contacts);
  }

  /** A level's notice to one of its managers by e-mail: what the template says of the overrun. */
  private static OutboxMessage.Email escalationEmail(Ticket t, String account, EscalationPlan.Escalate e, Contact c) {
    Map<String, String> facts = new LinkedHashMap<>();
    facts.put("request", t.number());
    facts.put("account", account);
    facts.put("priority", t.priority().code());
    facts.put("subject", t.subject());
    facts.put("deadline", e.deadline());
    facts.put("due", e.deadlineAt().toString());
    facts.put("overrun_s", String.valueOf(e.overrun().toSeconds()));
    facts.put("level", String.valueOf(e.level()));
    return new OutboxMessage.Email(OutboxMessage.Email.Template.ESCALATION, c.email().strip(), c.name(), t.number(),
        null, facts);
  }

  /** A deadline's warning to a manager of level 1 by e-mail. */
  private static OutboxMessage.Email warningEmail(Ticket t, String account, EscalationPlan.Warn warn, Contact c) {
    Map<String, String> facts = new LinkedHashMap<>();
    facts.put("request", t.number());
    facts.put("account", account);
    facts.put("priority", t.priority().code());
    facts.put("subject", t.subject());
    facts.put("deadline", warn.deadline());
    facts.put("due", warn.deadlineAt().toString());
    facts.put("assignee", t.assignee());
    return new OutboxMessage.Email(OutboxMessage.Email.Template.DEADLINE_WARNING, c.email().strip(), c.name(),
        t.number(), null, facts);
  }

  /**
   * Set-based writes: each kind of row of a whole batch goes in one statement over arrays
   * ({@code unnest}), so 500 tickets cost a handful of statements with a dozen binds each, not
   * thousands of round trips nor statements with thousands of bind values.
   */
  private static final class Writes {
    private final List<Outbox.NewRow> notices = new ArrayList<>();
    private final List<String> eTicket = new ArrayList<>();
    private final List<String> ePriority = new ArrayList<>();
    private final List<String> eDeadline = new ArrayList<>();
    private final List<OffsetDateTime> eDeadlineAt = new ArrayList<>();
    private final List<Integer> eLevel = new ArrayList<>();
    private final List<OffsetDateTime> eDueAt = new ArrayList<>();
    private final List<OffsetDateTime> eAt = new ArrayList<>();
    private final List<String> eSkipped = new ArrayList<>();
    private final List<String> eKey = new ArrayList<>();
    private final List<TicketHistory.Entry> events = new ArrayList<>();

    void outbox(OutboxMessage message, String key, Instant now) {
      notices.add(new Outbox.NewRow(message, key, now));
    }

    void escalation(Ticket t, EscalationPlan.Escalate e, String key, Instant now) {
      eTicket.add(t.number());
      ePriority.add(t.priority().code());
      eDeadline.add(e.deadline());
      eDeadlineAt.add(Timestamps.utc(e.deadlineAt()));
      eLevel.add(e.level());
      eDueAt.add(Timestamps.utc(e.dueAt()));
      eAt.add(Timestamps.utc(now));
      eSkipped.add(e.skippedLevels().stream().map(String::valueOf).collect(java.util.stream.Collectors.joining(",", "{", "}")));
      eKey.add(key);
    }

    void event(String ticket, Instant at, TicketEventKind kind, Map<String, Object> details) {
      events.add(new TicketHistory.Entry(ticket, at, ACTOR, kind, details));
    }

    /** @return the keys actually inserted (an existing key means the notice was already queued) */
    Set<String> flushOutbox(DSLContext tx) {
      return Outbox.enqueueAll(tx, notices);
    }

    /** @return the outbox keys of the escalations actually recorded */
    Set<String> flushEscalations(DSLContext tx) {
      if (eKey.isEmpty()) {
        return Set.of();
      }
      return new HashSet<>(tx.resultQuery("insert into escalation (ticket_number, priority, deadline, deadline_at, level, "
              + "due_at, at, skipped_levels, outbox_key) select n, p, d, da, l, du, a, s::int[], k from unnest(?::text[], "
              + "?::text[], ?::text[], ?::timestamptz[], ?::int[], ?::timestamptz[], ?::timestamptz[], ?::text[], ?::text[]) "
              + "as u(n, p, d, da, l, du, a, s, k) on conflict do nothing returning outbox_key",
              strings(eTicket), strings(ePriority), strings(eDeadline), times(eDeadlineAt), eLevel.toArray(Integer[]::new),
              times(eDueAt), times(eAt), strings(eSkipped), strings(eKey))
          .fetch(0, String.class));
    }

    void flushEvents(DSLContext tx) {
      TicketHistory.appendAll(tx, events);
    }

    private static String[] strings(List<String> l) {
      return l.toArray(String[]::new);
    }

    private static OffsetDateTime[] times(List<OffsetDateTime> l) {
      return l.toArray(OffsetDateTime[]::new);
    }
  }
}

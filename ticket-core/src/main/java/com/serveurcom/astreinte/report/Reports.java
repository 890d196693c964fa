package com.serveurcom.astreinte.report;

import com.serveurcom.astreinte.database.Timestamps;
import static com.serveurcom.astreinte.database.generated.Tables.ACCOUNT;
import static com.serveurcom.astreinte.database.generated.Tables.CALL_RECORD;
import static com.serveurcom.astreinte.database.generated.Tables.ESCALATION;
import static com.serveurcom.astreinte.database.generated.Tables.ONCALL_REQUEST;
import static com.serveurcom.astreinte.database.generated.Tables.OUTBOX;
import static com.serveurcom.astreinte.database.generated.Tables.TICKET;

import com.serveurcom.astreinte.database.Database;
import com.serveurcom.astreinte.ticket.Priority;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;

/**
 * The three reports, computed from the database (read-only). Volumes are a period's worth of
 * tickets and calls, so rows are fetched and the figures computed in Java, where the rules
 * (which instant ends a deadline, the union of outages) read plainly.
 */
public final class Reports {
  private final Database database;

  public Reports(Database database) {
    this.database = database;
  }

  // ---------------------------------------------------------------- SLA

  /**
   * @param account account name, or null for all
   * @param asOf the report's instant: deadlines still running are judged against it
   * @throws IllegalArgumentException for an unknown account
   */
  public SlaReport sla(ReportPeriod period, String account, Instant asOf) {
    DSLContext dsl = database.dsl();
    Condition where = TICKET.OPENED_AT.ge(Timestamps.utc(period.start())).and(TICKET.OPENED_AT.lt(Timestamps.utc(period.end())))
        .and(accountCondition(dsl, account));
    record T(String number, Priority priority, Instant takeChargeBy, Instant resolveBy, Instant taken, Instant resolved) {}
    List<T> tickets = dsl.select(TICKET.NUMBER, TICKET.PRIORITY, TICKET.TAKE_CHARGE_BY, TICKET.RESOLVE_BY,
            TICKET.TAKEN_IN_CHARGE_AT, TICKET.RESOLVED_AT, TICKET.CLOSED_AT)
        .from(TICKET).where(where)
        .fetch(r -> {
          Instant resolved = first(r.value6(), r.value7());
          // A ticket resolved or closed without an explicit take charge was handled by then.
          Instant taken = r.value5() != null ? r.value5().toInstant() : resolved;
          return new T(r.value1(), Priority.fromCode(r.value2()), r.value3().toInstant(), r.value4().toInstant(), taken,
              resolved);
        });
    Map<String, Priority> priorityOf = new HashMap<>();
    tickets.forEach(t -> priorityOf.put(t.number, t.priority));
    Map<Priority, Map<Integer, Long>> escalations = new EnumMap<>(Priority.class);
    dsl.select(ESCALATION.TICKET_NUMBER, ESCALATION.LEVEL).from(ESCALATION)
        .where(ESCALATION.TICKET_NUMBER.in(dsl.select(TICKET.NUMBER).from(TICKET).where(where)))
        .forEach(r -> escalations.computeIfAbsent(priorityOf.get(r.value1()), k -> new TreeMap<>())
            .merge(r.value2(), 1L, Long::sum));
    List<SlaReport.Line> lines = new ArrayList<>();
    for (Priority p : List.of(Priority.HIGH, Priority.MEDIUM, Priority.LOW)) {
      long opened = 0, tcJudged = 0, tcOk = 0, rJudged = 0, rOk = 0;
      List<Duration> overruns = new ArrayList<>();
      for (T t : tickets) {
        if (t.priority != p) {
          continue;
        }
        opened++;
        if (t.taken != null || asOf.isAfter(t.takeChargeBy)) {
          tcJudged++;
          if (t.taken != null && !t.taken.isAfter(t.takeChargeBy)) {
            tcOk++;
          }
        }
        if (t.resolved != null || asOf.isAfter(t.resolveBy)) {
          rJudged++;
          if (t.resolved != null && !t.resolved.isAfter(t.resolveBy)) {
            rOk++;
          }
        }
        Duration worst = maxOf(overrun(t.takeChargeBy, t.taken, asOf), overrun(t.resolveBy, t.resolved, asOf));
        if (worst.compareTo(Duration.ZERO) > 0) {
          overruns.add(worst);
        }
      }
      Map<Integer, Long> perLevel = new TreeMap<>(Map.of(1, 0L, 2, 0L, 3, 0L));
      perLevel.putAll(escalations.getOrDefault(p, Map.of()));
      lines.add(new SlaReport.Line(p, opened, tcJudged, tcOk, rJudged, rOk, overruns.size(),
          Stats.percentile(overruns, 50), Stats.max(overruns), perLevel));
    }
    return new SlaReport(period, account, lines);
  }

  private static Duration overrun(Instant deadline, Instant met, Instant asOf) {
    Instant end = met != null ? met : asOf;
    return end.isAfter(deadline) ? Duration.between(deadline, end) : Duration.ZERO;
  }

  private static Duration maxOf(Duration a, Duration b) {
    return a.compareTo(b) >= 0 ? a : b;
  }

  // ---------------------------------------------------------------- on-call

  public OnCallReport oncall(ReportPeriod period, String account, Instant asOf) {
    DSLContext dsl = database.dsl();
    Condition accountTickets = accountCondition(dsl, account);
    Condition calls = CALL_RECORD.STARTED_AT.ge(Timestamps.utc(period.start())).and(CALL_RECORD.STARTED_AT.lt(
        Timestamps.utc(period.end())));
    if (account != null) {
      calls = calls.and(CALL_RECORD.REQUEST_NUMBER.in(dsl.select(TICKET.NUMBER).from(TICKET).where(accountTickets)));
    }
    Map<String, Long> byOutcome = new TreeMap<>();
    Map<LocalDate, Map<String, Long>> byWeek = new TreeMap<>();
    dsl.select(CALL_RECORD.STARTED_AT, CALL_RECORD.OUTCOME, CALL_RECORD.REFUSAL_REASON).from(CALL_RECORD).where(calls)
        .forEach(r -> {
          String key = r.value3() != null && "refused".equals(r.value2()) ? r.value2() + ":" + r.value3() : r.value2();
          byOutcome.merge(key, 1L, Long::sum);
          LocalDate monday = r.value1().toInstant().atZone(ReportPeriod.PARIS).toLocalDate()
              .with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
          byWeek.computeIfAbsent(monday, k -> new TreeMap<>()).merge(r.value2(), 1L, Long::sum);
        });

    Condition pages = OUTBOX.KIND.in("page", "page_orphan").and(OUTBOX.STATUS.eq("sent"))
        .and(OUTBOX.SENT_AT.ge(Timestamps.utc(period.start()))).and(OUTBOX.SENT_AT.lt(Timestamps.utc(period.end())));
    if (account != null) {
      // A page's key is page:<ticket>:...; an orphan page has no known ticket, hence no account.
      pages = pages.and(OUTBOX.KIND.eq("page")).and(DSL.field("split_part({0}, ':', 2)", String.class,
          OUTBOX.IDEMPOTENCY_KEY).in(dsl.select(TICKET.NUMBER).from(TICKET).where(accountTickets)));
    }
    long pagesSent = dsl.fetchCount(OUTBOX, pages);

    Condition requests = ONCALL_REQUEST.CREATED_AT.ge(Timestamps.utc(period.start()))
        .and(ONCALL_REQUEST.CREATED_AT.lt(Timestamps.utc(period.end())));
    if (account != null) {
      requests = requests.and(ONCALL_REQUEST.TICKET_NUMBER.in(dsl.select(TICKET.NUMBER).from(TICKET).where(accountTickets)));
    }
    List<Duration> delays = new ArrayList<>();
    Map<String, List<Duration>> perTech = new TreeMap<>();
    Map<String, Long> techBreaches = new HashMap<>();
    long[] counts = new long[2]; // requests, breaches
    dsl.select(ONCALL_REQUEST.CREATED_AT, ONCALL_REQUEST.TAKEN_CHARGE_AT, ONCALL_REQUEST.TAKEN_CHARGE_BY,
            ONCALL_REQUEST.DECLINED_AT).from(ONCALL_REQUEST).where(requests)
        .forEach(r -> {
          counts[0]++;
          Instant created = r.value1().toInstant();
          Instant answered = first(r.value2(), r.value4());
          Duration elapsed = Duration.between(created, answered != null ? answered : asOf);
          boolean breach = elapsed.compareTo(OnCallReport.TAKE_CHARGE_TARGET) > 0;
          if (breach) {
            counts[1]++;
          }
          if (r.value2() != null) {
            Duration d = Duration.between(created, r.value2().toInstant());
            delays.add(d);
            String who = r.value3() == null ? "(inconnu)" : person(r.value3());
            perTech.computeIfAbsent(who, k -> new ArrayList<>()).add(d);
            if (breach) {
              techBreaches.merge(who, 1L, Long::sum);
            }
          }
        });
    List<OnCallReport.Technician> techs = new ArrayList<>();
    perTech.forEach((who, ds) -> techs.add(new OnCallReport.Technician(who, ds.size(), Stats.percentile(ds, 50),
        Stats.max(ds), techBreaches.getOrDefault(who, 0L))));
    techs.sort(Comparator.comparingLong(OnCallReport.Technician::takenInCharge).reversed()
        .thenComparing(OnCallReport.Technician::name));
    OnCallReport.Delays takeCharge = new OnCallReport.Delays(delays.size(), Stats.percentile(delays, 50),
        Stats.percentile(delays, 90), Stats.max(delays), List.copyOf(delays));
    return new OnCallReport(period, account, byOutcome, byWeek, pagesSent, counts[0], takeCharge, counts[1],
        List.copyOf(techs));
  }

  // ---------------------------------------------------------------- availability

  public AvailabilityReport availability(ReportPeriod period, String account) {
    DSLContext dsl = database.dsl();
    Map<Long, String> accounts = new LinkedHashMap<>();
    dsl.select(ACCOUNT.ID, ACCOUNT.NAME).from(ACCOUNT)
        .where(account == null ? DSL.noCondition() : ACCOUNT.NAME.eq(account))
        .orderBy(ACCOUNT.NAME).forEach(r -> accounts.put(r.value1(), r.value2()));
    if (account != null && accounts.isEmpty()) {
      throw new IllegalArgumentException("compte inconnu : " + account);
    }
    Map<Long, List<AvailabilityReport.Incident>> incidents = new HashMap<>();
    var end = DSL.coalesce(TICKET.RESOLVED_AT, TICKET.CLOSED_AT);
    dsl.select(TICKET.ACCOUNT_ID, TICKET.NUMBER, TICKET.SUBJECT, TICKET.OPENED_AT, end).from(TICKET)
        .where(TICKET.PRIORITY.eq(Priority.HIGH.code()))
        .and(TICKET.ACCOUNT_ID.in(accounts.keySet()))
        .and(TICKET.OPENED_AT.lt(Timestamps.utc(period.end())))
        .and(end.isNull().or(end.gt(Timestamps.utc(period.start()))))
        .orderBy(TICKET.OPENED_AT, TICKET.NUMBER)
        .forEach(r -> {
          Instant opened = r.value4().toInstant();
          Instant resolved = r.value5() == null ? null : r.value5().toInstant();
          Instant from = opened.isBefore(period.start()) ? period.start() : opened;
          Instant to = resolved == null || resolved.isAfter(period.end()) ? period.end() : resolved;
          incidents.computeIfAbsent(r.value1(), k -> new ArrayList<>()).add(new AvailabilityReport.Incident(r.value2(),
              r.value3(), opened, resolved, Duration.between(from, to)));
        });
    List<AvailabilityReport.Line> lines = new ArrayList<>();
    accounts.forEach((id, name) -> {
      List<AvailabilityReport.Incident> list = incidents.getOrDefault(id, List.of());
      lines.add(new AvailabilityReport.Line(name, union(list, period), List.copyOf(list), period.length()));
    });
    return new AvailabilityReport(period, account, lines);
  }

  /** Total length of the union of the incidents' intervals clipped to the period: overlaps count once. */
  static Duration union(List<AvailabilityReport.Incident> incidents, ReportPeriod period) {
    List<Instant[]> intervals = new ArrayList<>();
    for (AvailabilityReport.Incident i : incidents) {
      Instant from = i.openedAt().isBefore(period.start()) ? period.start() : i.openedAt();
      Instant to = i.resolvedAt() == null || i.resolvedAt().isAfter(period.end()) ? period.end() : i.resolvedAt();
      if (to.isAfter(from)) {
        intervals.add(new Instant[] {from, to});
      }
    }
    intervals.sort(Comparator.comparing(a -> a[0]));
    Duration total = Duration.ZERO;
    Instant curStart = null;
    Instant curEnd = null;
    for (Instant[] iv : intervals) {
      if (curEnd == null || iv[0].isAfter(curEnd)) {
        if (curEnd != null) {
          total = total.plus(Duration.between(curStart, curEnd));
        }
        curStart = iv[0];
        curEnd = iv[1];
      } else if (iv[1].isAfter(curEnd)) {
        curEnd = iv[1];
      }
    }
    if (curEnd != null) {
      total = total.plus(Duration.between(curStart, curEnd));
    }
    return total;
  }

  // ---------------------------------------------------------------- helpers

  private static Condition accountCondition(DSLContext dsl, String account) {
    if (account == null) {
      return DSL.noCondition();
    }
    Long id = dsl.select(ACCOUNT.ID).from(ACCOUNT).where(ACCOUNT.NAME.eq(account)).fetchOne(ACCOUNT.ID);
    if (id == null) {
      throw new IllegalArgumentException("compte inconnu : " + account);
    }
    return TICKET.ACCOUNT_ID.eq(id);
  }

  /**
   * The person in an acknowledgement's actor: {@code api:Alice Martin} (API, command line) is Alice
   * Martin; {@code technicien:technicien-2 (sms)} is technicien-2 whatever the channel, so that one
   * technician makes one line of the report.
   */
  static String person(String actor) {
    if (actor.startsWith("api:")) {
      return actor.substring(4);
    }
    int paren = actor.indexOf(" (");
    String who = paren > 0 ? actor.substring(0, paren) : actor;
    return who.startsWith("technicien:") ? who.substring("technicien:".length()) : who;
  }

  private static Instant first(OffsetDateTime a, OffsetDateTime b) {
    return a != null ? a.toInstant() : b != null ? b.toInstant() : null;
  }
}

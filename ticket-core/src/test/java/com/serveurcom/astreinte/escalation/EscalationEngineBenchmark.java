package com.serveurcom.astreinte.escalation;

import static org.assertj.core.api.Assertions.assertThat;

import com.serveurcom.astreinte.testing.TestDatabase;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jooq.DSLContext;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * One engine pass over many open tickets of which few are due: the pass must cost what is due,
 * not what is open. Not part of the normal build; run with
 * {@code mvn -B -q -o -pl ticket-core -am test -Dastreinte.excludedGroups=none -Dgroups=benchmark
 * -Dtest=EscalationEngineBenchmark -Dsurefire.failIfNoSpecifiedTests=false}.
 *
 * <p>Tickets are bulk-loaded with generate_series (high priority, new); the due ones are 16 min
 * past their take-charge deadline, so each due ticket gets a level-1 escalation (an escalation row,
 * an outbox notice, a ticket event, its next instant): the heaviest case per ticket. The others
 * wait for their warning 15 min ahead. Each measure is the median of 3 passes, the state
 * (notices, escalations, due instants) being reset between passes.
 */
@Tag("benchmark")
class EscalationEngineBenchmark {
  @RegisterExtension static final TestDatabase db = new TestDatabase();
  static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.SECONDS);

  private int loaded;

  @Test
  void aPassCostsWhatIsDueNotWhatIsOpen() {
    DSLContext dsl = db.database().dsl();
    dsl.execute("insert into account (name, oncall_option, oncall_services) values ('Bench', true, '{technical}')");
    EscalationEngine engine = new EscalationEngine(db.database(), () -> EscalationMatrix.seed(Map.of(1, java.util.List.of(
        new Contact("Chef", "+33611111111", null)))), at -> false, Duration.ofMinutes(15));

    loadHistory();
    Map<String, Long> figures = new LinkedHashMap<>();
    for (int open : new int[] {10_000, 100_000, 1_000_000}) {
      loadUpTo(open);
      if (open == 10_000) {
        measure(engine, 1000); // JIT and cache warm-up, not reported
      }
      figures.put(open + " open, 1000 due", measure(engine, 1000));
    }
    for (int due : new int[] {100, 10_000}) {
      figures.put("1000000 open, " + due + " due", measure(engine, due));
    }
    System.out.println("EXPLAIN of the due-ticket query with 1 000 000 open:");
    dsl.fetch("explain (analyze, costs off) select t.* from ticket t join account a on a.id = t.account_id "
            + "where t.next_escalation_at <= ?::timestamptz order by t.next_escalation_at limit 500 for update of t skip locked",
            java.time.OffsetDateTime.ofInstant(NOW, java.time.ZoneOffset.UTC))
        .forEach(r -> System.out.println("  " + r.get(0)));
    figures.forEach((k, v) -> System.out.printf("escalation pass, %s: %d ms%n", k, v));
    long target = figures.get("1000000 open, 1000 due");
    System.out.printf("target (1 000 000 open, 1 000 due) < 200 ms: %s (%d ms)%n", target < 200 ? "met" : "MISSED", target);
    // The property that holds whatever the load of the shared build box: the pass follows the due
    // count (x10 due -> several times slower) and not the open count (x100 open -> within noise).
    assertThat(figures.get("1000000 open, 10000 due")).isGreaterThan(3 * figures.get("1000000 open, 100 due"));
    assertThat(target).isLessThan(5 * Math.max(figures.get("10000 open, 1000 due"), 50));
  }

  /**
   * A history the size of a few months of activity: 50 000 resolved tickets with 100 000 escalations,
   * 200 000 outbox rows and 200 000 ticket events. Without it the tables are empty, the planner
   * rightly scans them, and the measure describes a database that never exists.
   */
  private void loadHistory() {
    db.database().transaction(tx -> {
      tx.execute("set local session_replication_role = replica");
      tx.execute("insert into ticket (number, account_id, service, priority, status, subject, opened_at, resolved_at, "
          + "take_charge_by, resolve_by, updated_at) select (40000000 + i)::text, (select id from account), 'technical', "
          + "'high', 'resolved', 'Ancien', now() - interval '90 days', now() - interval '89 days', now() - interval '90 days', "
          + "now() - interval '89 days', now() from generate_series(1, 50000) as i");
      tx.execute("insert into escalation (ticket_number, priority, deadline, deadline_at, level, due_at, at, outbox_key) "
          + "select (40000000 + i / 2 + 1)::text, 'high', case when i % 2 = 0 then 'take_charge' else 'resolve' end, now(), 1, "
          + "now(), now() - interval '89 days', 'escalation:' || (40000000 + i / 2 + 1) || ':' || i from generate_series(0, 99999) as i");
      tx.execute("insert into outbox (kind, payload, idempotency_key, status, created_at, sent_at) select 'page', '{}', "
          + "'history:' || i, 'sent', now() - interval '89 days', now() - interval '89 days' from generate_series(1, 200000) as i");
      tx.execute("insert into ticket_event (ticket_number, at, actor, kind) select (40000000 + i % 50000 + 1)::text, "
          + "now() - interval '89 days', 'agent', 'comment' from generate_series(1, 200000) as i");
    });
    db.database().dsl().execute("vacuum analyze");
    Object[] max = db.database().dsl().fetchOne("select (select max(id) from outbox), (select max(id) from escalation), "
        + "(select max(id) from ticket_event)").intoArray();
    historyIds = new long[] {((Number) max[0]).longValue(), ((Number) max[1]).longValue(), ((Number) max[2]).longValue()};
  }

  private long[] historyIds;

  /** Adds tickets up to {@code total}, none due; triggers are off during the bulk load (replica role). */
  private void loadUpTo(int total) {
    long t0 = System.nanoTime();
    int from = loaded + 1;
    db.database().transaction(tx -> {
      tx.execute("set local session_replication_role = replica");
      tx.execute("""
          insert into ticket (number, account_id, service, priority, status, subject, contact_name, contact_phone,
                              opened_at, take_charge_by, resolve_by, next_deadline, next_escalation_at, updated_at)
          select (30000000 + i)::text, (select id from account), 'technical', 'high', 'new', 'Sujet', 'Contact',
                 '+33612345678', ?::timestamptz, ?::timestamptz + interval '30 minutes', ?::timestamptz + interval '4 hours', ?::timestamptz + interval '30 minutes',
                 ?::timestamptz + interval '15 minutes' + (i % 3600) * interval '1 second', ?::timestamptz
          from generate_series(?, ?) as i""", ts(NOW), ts(NOW), ts(NOW), ts(NOW), ts(NOW), ts(NOW), from, total);
    });
    db.database().dsl().execute("vacuum analyze ticket");
    loaded = total;
    System.out.printf("loaded tickets up to %d in %d ms%n", total, (System.nanoTime() - t0) / 1_000_000);
  }

  /** Median of three passes over {@code due} due tickets. */
  private long measure(EscalationEngine engine, int due) {
    long[] ms = new long[3];
    for (int k = 0; k < 3; k++) {
      reset(due);
      long t0 = System.nanoTime();
      EscalationPass pass = engine.runOnce(NOW);
      ms[k] = (System.nanoTime() - t0) / 1_000_000;
      assertThat(pass.examined()).isEqualTo(due);
      assertThat(pass.escalated()).hasSize(due);
    }
    java.util.Arrays.sort(ms);
    return ms[1];
  }

  private int previouslyDue;

  /**
   * Clears what earlier passes wrote, puts the tickets made due last time back to waiting (only
   * those: touching the million rows would measure the reset), and makes the first {@code due} due.
   */
  private void reset(int due) {
    db.database().transaction(tx -> {
      tx.execute("set local session_replication_role = replica");
      tx.execute("delete from outbox where id > ?", historyIds[0]);
      tx.execute("delete from escalation where id > ?", historyIds[1]);
      tx.execute("delete from ticket_event where id > ?", historyIds[2]);
      tx.execute("update ticket set take_charge_by = ?::timestamptz + interval '30 minutes', next_escalation_at = ?::timestamptz + interval "
          + "'15 minutes' where number between '30000001' and ?", ts(NOW), ts(NOW),
          Integer.toString(30_000_000 + previouslyDue));
      tx.execute("update ticket set take_charge_by = ?::timestamptz - interval '16 minutes', next_escalation_at = ?::timestamptz - interval "
          + "'1 minute' where number between '30000001' and ?", ts(NOW), ts(NOW), Integer.toString(30_000_000 + due));
    });
    previouslyDue = due;
    db.database().dsl().execute("vacuum ticket, outbox, escalation, ticket_event");
  }

  private static java.time.OffsetDateTime ts(Instant i) {
    return java.time.OffsetDateTime.ofInstant(i, java.time.ZoneOffset.UTC);
  }
}

package com.serveurcom.astreinte.escalation;

import com.serveurcom.astreinte.outbox.OutboxMessage;
import static com.serveurcom.astreinte.database.generated.Tables.ESCALATION;
import static com.serveurcom.astreinte.database.generated.Tables.OUTBOX;
import static com.serveurcom.astreinte.database.generated.Tables.TICKET;
import static org.assertj.core.api.Assertions.assertThat;

import com.serveurcom.astreinte.account.Account;
import com.serveurcom.astreinte.account.AccountStore;
import com.serveurcom.astreinte.account.NewAccount;
import com.serveurcom.astreinte.outbox.Outbox;
import com.serveurcom.astreinte.testing.MutableClock;
import com.serveurcom.astreinte.testing.TestDatabase;
import com.serveurcom.astreinte.testing.TestSla;
import com.serveurcom.astreinte.ticket.NewTicket;
import com.serveurcom.astreinte.ticket.Priority;
import com.serveurcom.astreinte.ticket.Service;
import com.serveurcom.astreinte.ticket.Ticket;
import com.serveurcom.astreinte.ticket.TicketStore;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The engine against the real PostgreSQL, driven by an injected clock. Tests share one database,
 * so each opens its tickets in its own era and only looks at its own tickets in what a pass did.
 */
class EscalationEngineTest {
  @RegisterExtension static final TestDatabase db = new TestDatabase();

  static final Contact LEVEL1 = new Contact("Chef d'équipe", "+33611111111", "chef@example.fr");
  static final Contact LEVEL2 = new Contact("Responsable support", "+33622222222", "resp@example.fr");
  static final Contact LEVEL3 = new Contact("Directeur", "+33633333333", null);
  static final EscalationMatrix MATRIX = EscalationMatrix.seed(Map.of(1, List.of(LEVEL1), 2, List.of(LEVEL2),
      3, List.of(LEVEL3)));

  static Account acme;

  @BeforeAll
  static void account() {
    acme = new AccountStore(db.database(), new MutableClock(Instant.parse("2026-01-01T00:00:00Z")))
        .create(new NewAccount("ACME", true, Set.of(Service.TECHNICAL), List.of()));
  }

  record Fired(Instant at, String ticket, String deadline, int level) {}

  final class Setup {
    final MutableClock clock;
    final TicketStore store;
    final EscalationEngine engine;

    Setup(String start, boolean openingHours) {
      clock = new MutableClock(Instant.parse(start));
      store = new TicketStore(db.database(), TestSla.TWENTY_FOUR_SEVEN, clock);
      engine = new EscalationEngine(db.database(), () -> MATRIX, at -> openingHours, Duration.ofMinutes(15));
    }

    Ticket open(Priority p) {
      return store.create(new NewTicket(acme.id(), Service.TECHNICAL, "incident", p, "Serveur arrêté", null,
          "Jeanne", null, "+33612345678"), "agent");
    }

    EscalationPass at(Instant now) {
      clock.set(now);
      return engine.runOnce(now);
    }

    /** Runs every pass the engine asks for (by nextWake) until {@code end}; returns the escalations of {@code mine}. */
    List<Fired> driveUntil(Instant end, Set<String> mine, List<EscalationPass.Warned> warnings) {
      List<Fired> fired = new ArrayList<>();
      for (int guard = 0; guard < 1000; guard++) {
        Optional<Instant> wake = engine.nextWake();
        if (wake.isEmpty() || wake.get().isAfter(end)) {
          return fired;
        }
        Instant now = wake.get().isBefore(clock.instant()) ? clock.instant() : wake.get();
        EscalationPass pass = at(now);
        pass.escalated().stream().filter(e -> mine.contains(e.ticket()))
            .forEach(e -> fired.add(new Fired(now, e.ticket(), e.deadline(), e.level())));
        pass.warned().stream().filter(w -> mine.contains(w.ticket())).forEach(warnings::add);
      }
      throw new AssertionError("the engine never went idle");
    }
  }

  private static Instant plus(Instant t, long minutes) {
    return t.plus(Duration.ofMinutes(minutes));
  }

  @Test
  void everyLevelOfBothDeadlinesFiresOnceAndOnTimeForHighAndMedium() {
    Setup s = new Setup("2040-03-02T22:00:00Z", false);
    Ticket high = s.open(Priority.HIGH);
    Ticket medium = s.open(Priority.MEDIUM);
    Instant t0 = s.clock.instant();
    List<EscalationPass.Warned> warnings = new ArrayList<>();
    List<Fired> fired = s.driveUntil(plus(t0, 3 * 24 * 60), Set.of(high.number(), medium.number()), warnings);

    String h = high.number();
    String m = medium.number();
    // high: take charge by +30 min (levels at +15, +30, +60 past it), resolve by +4 h.
    // medium: take charge by +2 h (levels at +1 h, +12 h, +24 h past it), resolve by +24 h.
    assertThat(fired).containsExactlyInAnyOrder(
        new Fired(plus(t0, 45), h, "take_charge", 1),
        new Fired(plus(t0, 60), h, "take_charge", 2),
        new Fired(plus(t0, 90), h, "take_charge", 3),
        new Fired(plus(t0, 255), h, "resolve", 1),
        new Fired(plus(t0, 270), h, "resolve", 2),
        new Fired(plus(t0, 300), h, "resolve", 3),
        new Fired(plus(t0, 180), m, "take_charge", 1),
        new Fired(plus(t0, 14 * 60), m, "take_charge", 2),
        new Fired(plus(t0, 26 * 60), m, "take_charge", 3),
        new Fired(plus(t0, 25 * 60), m, "resolve", 1),
        new Fired(plus(t0, 36 * 60), m, "resolve", 2),
        new Fired(plus(t0, 48 * 60), m, "resolve", 3));
    assertThat(warnings).extracting(EscalationPass.Warned::ticket, EscalationPass.Warned::deadline,
            EscalationPass.Warned::to)
        .containsExactlyInAnyOrder(
            org.assertj.core.groups.Tuple.tuple(h, "take_charge", "oncall"),
            org.assertj.core.groups.Tuple.tuple(h, "resolve", "oncall"),
            org.assertj.core.groups.Tuple.tuple(m, "take_charge", "oncall"),
            org.assertj.core.groups.Tuple.tuple(m, "resolve", "oncall"));
    // Once every level is reached there is nothing left to watch.
    assertThat(nextEscalationAt(h)).isNull();
    assertThat(nextEscalationAt(m)).isNull();
    assertThat(outboxKeys(h)).containsExactlyInAnyOrder(
        "escalation:" + h + ":take_charge:1", "escalation:" + h + ":take_charge:2", "escalation:" + h + ":take_charge:3",
        "escalation:" + h + ":resolve:1", "escalation:" + h + ":resolve:2", "escalation:" + h + ":resolve:3",
        "deadline_warning:" + h + ":take_charge:" + high.takeChargeBy().getEpochSecond(),
        "deadline_warning:" + h + ":resolve:" + high.resolveBy().getEpochSecond());

    // Issue 14: each level's contacts with an address by e-mail (level 3's has none), and the warnings to level 1's.
    assertThat(emailKeys(h)).containsExactlyInAnyOrder(
        "email:escalation:" + h + ":take_charge:1:chef@example.fr", "email:escalation:" + h + ":take_charge:2:resp@example.fr",
        "email:escalation:" + h + ":resolve:1:chef@example.fr", "email:escalation:" + h + ":resolve:2:resp@example.fr",
        "email:deadline_warning:" + h + ":take_charge:" + high.takeChargeBy().getEpochSecond() + ":chef@example.fr",
        "email:deadline_warning:" + h + ":resolve:" + high.resolveBy().getEpochSecond() + ":chef@example.fr");
    assertThat(payload("email:escalation:" + h + ":take_charge:2:resp@example.fr"))
        .contains("\"template\": \"escalade\"", "\"level\": \"2\"", "\"account\": \"ACME\"");

    // The notice carries the level's contacts; voice from level 2.
    String level1 = payload("escalation:" + h + ":take_charge:1");
    assertThat(level1).contains("\"account\": \"ACME\"", "\"level\": 1", "\"voice\": false", "Chef d'équipe",
        "+33611111111", "\"deadline\": \"take_charge\"");
    assertThat(payload("escalation:" + h + ":take_charge:2")).contains("\"voice\": true", "+33622222222");
  }

  @Test
  void aLevelIsNotDueASecondEarlyAndIsNotRepeated() {
    Setup s = new Setup("2041-03-02T22:00:00Z", false);
    Ticket high = s.open(Priority.HIGH);
    Instant t0 = s.clock.instant();
    assertThat(mine(s.at(plus(t0, 45).minusSeconds(1)), high)).isEmpty();
    assertThat(mine(s.at(plus(t0, 45)), high)).extracting(EscalationPass.Escalated::level).containsExactly(1);
    assertThat(mine(s.at(plus(t0, 50)), high)).isEmpty();
    assertThat(escalationRows(high.number())).isEqualTo(1);
  }

  @Test
  void lowNeverEscalates() {
    Setup s = new Setup("2042-03-02T22:00:00Z", false);
    Ticket low = s.open(Priority.LOW);
    List<EscalationPass.Warned> warnings = new ArrayList<>();
    assertThat(s.driveUntil(plus(s.clock.instant(), 14 * 24 * 60), Set.of(low.number()), warnings)).isEmpty();
    assertThat(warnings).isEmpty();
    assertThat(nextEscalationAt(low.number())).isNull();
    assertThat(outboxKeys(low.number())).isEmpty();
  }

  @Test
  void takingChargeAtLevelOneStopsTheTakeChargeDeadlineButTheResolveOneIsStillWatched() {
    Setup s = new Setup("2043-03-02T22:00:00Z", false);
    Ticket high = s.open(Priority.HIGH);
    Instant t0 = s.clock.instant();
    s.at(plus(t0, 45));
    assertThat(outboxStatus("escalation:" + high.number() + ":take_charge:1")).isEqualTo("pending");
    s.clock.set(plus(t0, 50));
    s.store.takeCharge(high.number(), "paul", "Paul Martin");

    List<EscalationPass.Warned> warnings = new ArrayList<>();
    List<Fired> fired = s.driveUntil(plus(t0, 24 * 60), Set.of(high.number()), warnings);
    assertThat(fired).extracting(Fired::deadline, Fired::level)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("resolve", 1), org.assertj.core.groups.Tuple.tuple("resolve", 2),
            org.assertj.core.groups.Tuple.tuple("resolve", 3));
    assertThat(fired.get(0).at()).isEqualTo(plus(t0, 255));
    // The level-1 notice the pager had not sent yet is no longer due.
    assertThat(outboxStatus("escalation:" + high.number() + ":take_charge:1")).isEqualTo("cancelled");
    // The resolve warning goes to the technician holding the ticket.
    assertThat(warnings).containsExactly(new EscalationPass.Warned(high.number(), "resolve", "assignee", "Paul Martin"));
    assertThat(payload("deadline_warning:" + high.number() + ":resolve:" + high.resolveBy().getEpochSecond()))
        .contains("\"to\": \"assignee\"", "\"assignee\": \"Paul Martin\"");
  }

  @Test
  void resolvingStopsEverything() {
    Setup s = new Setup("2044-03-02T22:00:00Z", false);
    Ticket high = s.open(Priority.HIGH);
    Instant t0 = s.clock.instant();
    s.at(plus(t0, 45));
    s.clock.set(plus(t0, 46));
    s.store.resolve(high.number(), "paul", "redémarré");
    List<Fired> fired = s.driveUntil(plus(t0, 24 * 60), Set.of(high.number()), new ArrayList<>());
    assertThat(fired).isEmpty();
    assertThat(nextEscalationAt(high.number())).isNull();
    assertThat(outboxStatus("escalation:" + high.number() + ":take_charge:1")).isEqualTo("cancelled");
  }

  @Test
  void aPriorityChangeRecomputesTheNextEscalation() {
    Setup s = new Setup("2045-03-02T22:00:00Z", false);
    Ticket ticket = s.open(Priority.HIGH);
    Instant t0 = s.clock.instant();
    s.at(t0);
    s.clock.set(plus(t0, 20));
    s.store.changePriority(ticket.number(), "agent", Priority.MEDIUM); // take charge by t0+20m+2h now
    List<Fired> fired = s.driveUntil(plus(t0, 4 * 60), Set.of(ticket.number()), new ArrayList<>());
    // Not the high level 1 at +45 min: medium's level 1 is one hour after its own deadline.
    assertThat(fired).containsExactly(new Fired(plus(t0, 20 + 120 + 60), ticket.number(), "take_charge", 1));

    Ticket low = s.open(Priority.LOW);
    s.at(s.clock.instant());
    assertThat(nextEscalationAt(low.number())).isNull();
    Instant raised = s.clock.instant();
    s.store.changePriority(low.number(), "agent", Priority.HIGH);
    List<Fired> lowFired = s.driveUntil(plus(raised, 45), Set.of(low.number()), new ArrayList<>());
    assertThat(lowFired).containsExactly(new Fired(plus(raised, 45), low.number(), "take_charge", 1));
  }

  @Test
  void twoEnginesOnOneDatabaseNotifyEachLevelOnce() throws Exception {
    Setup s = new Setup("2046-03-02T22:00:00Z", false);
    Set<String> mine = new HashSet<>();
    for (int i = 0; i < 300; i++) {
      mine.add(s.open(i % 2 == 0 ? Priority.HIGH : Priority.MEDIUM).number());
    }
    Instant t0 = s.clock.instant();
    List<EscalationEngine> engines = List.of(
        new EscalationEngine(db.database(), () -> MATRIX, at -> false, Duration.ofMinutes(15), 40),
        new EscalationEngine(db.database(), () -> MATRIX, at -> false, Duration.ofMinutes(15), 40));
    ExecutorService pool = Executors.newFixedThreadPool(4);
    List<Instant> instants = List.of(plus(t0, 20), plus(t0, 45), plus(t0, 60), plus(t0, 200), plus(t0, 26 * 60));
    int escalated = 0;
    try {
      for (Instant now : instants) {
        CountDownLatch go = new CountDownLatch(1);
        List<Future<EscalationPass>> passes = new ArrayList<>();
        for (int k = 0; k < 4; k++) {
          EscalationEngine e = engines.get(k % 2);
          passes.add(pool.submit(() -> {
            go.await();
            return e.runOnce(now);
          }));
        }
        go.countDown();
        for (Future<EscalationPass> f : passes) {
          escalated += (int) f.get().escalated().stream().filter(x -> mine.contains(x.ticket())).count();
        }
      }
    } finally {
      pool.shutdownNow();
    }
    // high: take charge 1, 2 (at +45, +60: +60 is level 2), 3 at +200 (overrun 170 min) and resolve 3 at +26 h;
    // medium: take charge 1 at +200, 3 at +26 h, resolve 1 at +26 h.
    // Per high: tc1, tc2, tc3, r3 = 4; per medium: tc1, tc3, r1 = 3 -> 150*4 + 150*3 = 1050.
    long rows = db.database().dsl().fetchCount(ESCALATION, ESCALATION.TICKET_NUMBER.in(mine));
    long notices = db.database().dsl().fetchCount(OUTBOX, OUTBOX.KIND.eq("escalation")
        .and(OUTBOX.PAYLOAD.cast(String.class).like("%\"ticket\": \"%")));
    assertThat(rows).isEqualTo(1050);
    assertThat(escalated).isEqualTo(1050);
    int keys = 0;
    for (String n : mine) {
      keys += outboxKeys(n).stream().filter(k -> k.startsWith("escalation:")).count();
    }
    assertThat(keys).isEqualTo(1050);
    assertThat(notices).isGreaterThanOrEqualTo(1050);
  }

  @Test
  void afterSixHoursOfDowntimeOnlyTheHighestDueLevelIsSentOncePerTicket() {
    Setup s = new Setup("2047-03-02T22:00:00Z", false);
    Ticket high = s.open(Priority.HIGH);
    Ticket medium = s.open(Priority.MEDIUM);
    Instant t0 = s.clock.instant();
    s.at(t0);
    // The server was down from t0 to t0 + 6 h.
    EscalationPass restart = s.at(plus(t0, 360));
    assertThat(restart.escalated().stream().filter(e -> Set.of(high.number(), medium.number()).contains(e.ticket())))
        .containsExactlyInAnyOrder(
            new EscalationPass.Escalated(high.number(), "take_charge", 3, List.of(1, 2), true),
            new EscalationPass.Escalated(high.number(), "resolve", 3, List.of(1, 2), true),
            new EscalationPass.Escalated(medium.number(), "take_charge", 1, List.of(), true));
    // Warnings for deadlines already past are not sent late.
    assertThat(restart.warned().stream().filter(w -> w.ticket().equals(high.number()))).isEmpty();
    assertThat(outboxKeys(high.number())).containsExactlyInAnyOrder(
        "escalation:" + high.number() + ":take_charge:3", "escalation:" + high.number() + ":resolve:3");
    assertThat(mine(s.at(plus(t0, 361)), high)).isEmpty();
    Integer[] skipped = db.database().dsl().select(ESCALATION.SKIPPED_LEVELS).from(ESCALATION)
        .where(ESCALATION.TICKET_NUMBER.eq(high.number()).and(ESCALATION.DEADLINE.eq("resolve"))).fetchOne().value1();
    assertThat(skipped).containsExactly(1, 2);
  }

  @Test
  void warningBeforeADeadlineGoesToTheOncallTechnicianOffHoursAndNowhereDuringOpeningHours() {
    Setup off = new Setup("2048-03-02T22:00:00Z", false);
    Ticket t = off.open(Priority.HIGH);
    Instant t0 = off.clock.instant();
    assertThat(off.engine.runOnce(t0).warned().stream().filter(w -> w.ticket().equals(t.number()))).isEmpty();
    assertThat(nextEscalationAt(t.number())).isEqualTo(plus(t0, 15));
    assertThat(off.at(plus(t0, 15)).warned()).contains(new EscalationPass.Warned(t.number(), "take_charge", "oncall", null));
    assertThat(payload("deadline_warning:" + t.number() + ":take_charge:" + t.takeChargeBy().getEpochSecond()))
        .contains("\"to\": \"oncall\"", "\"due\": \"" + t.takeChargeBy() + "\"");

    Setup open = new Setup("2048-06-02T10:00:00Z", true);
    Ticket u = open.open(Priority.HIGH);
    open.at(open.clock.instant());
    assertThat(open.at(plus(open.clock.instant(), 15)).warned())
        .contains(new EscalationPass.Warned(u.number(), "take_charge", "none", null));
    assertThat(outboxKeys(u.number())).isEmpty();
  }

  @Test
  void aLevelACallerAlreadyAskedForIsRecordedButNotNotifiedTwice() {
    Setup s = new Setup("2049-03-02T22:00:00Z", false);
    Ticket high = s.open(Priority.HIGH);
    Instant t0 = s.clock.instant();
    db.database().transaction(tx -> Outbox.enqueue(tx, new OutboxMessage.EscalationNotice(high.number(), "high", "ACME",
        "déjà demandé", "take_charge", t0, 1, t0, 0, List.of(), false, false, List.of()), "escalation:" + high.number() + ":take_charge:1", plus(t0, 46)));
    assertThat(mine(s.at(plus(t0, 47)), high))
        .containsExactly(new EscalationPass.Escalated(high.number(), "take_charge", 1, List.of(), false));
    assertThat(outboxKeys(high.number())).containsExactly("escalation:" + high.number() + ":take_charge:1");
  }

  @Test
  void theQueryListsEscalationsWithTheirNoticeAndTheViewShowsTheCurrentLevel() {
    Setup s = new Setup("2050-03-02T22:00:00Z", false);
    Ticket high = s.open(Priority.HIGH);
    Instant t0 = s.clock.instant();
    s.at(plus(t0, 61));
    EscalationQuery query = new EscalationQuery(db.database());
    List<EscalationQuery.Row> rows = query.list(true, 1000).stream().filter(r -> r.ticket().equals(high.number())).toList();
    assertThat(rows).singleElement().satisfies(r -> {
      assertThat(r.level()).isEqualTo(2);
      assertThat(r.deadline()).isEqualTo("take_charge");
      assertThat(r.skippedLevels()).containsExactly(1);
      assertThat(r.notice()).isEqualTo("pending");
      assertThat(r.notified()).isFalse();
      assertThat(r.dueAt()).isEqualTo(plus(t0, 60));
      assertThat(r.at()).isEqualTo(plus(t0, 61));
    });
    TicketEscalationView view = TicketEscalationView.of(s.store.find(high.number()).orElseThrow(), MATRIX, plus(t0, 61));
    assertThat(view.level()).isEqualTo(2);
    assertThat(view.deadlines()).containsExactly(
        new TicketEscalationView.Deadline("take_charge", plus(t0, 30), 31 * 60, 2, plus(t0, 90)),
        new TicketEscalationView.Deadline("resolve", plus(t0, 240), 0, 0, plus(t0, 255)));

    s.clock.set(plus(t0, 62));
    s.store.resolve(high.number(), "paul", "ok");
    assertThat(query.list(true, 1000)).noneMatch(r -> r.ticket().equals(high.number()));
    assertThat(query.list(false, 1000)).anyMatch(r -> r.ticket().equals(high.number()) && !r.ticketOpen());
  }

  // ---------------------------------------------------------------- helpers

  private static List<EscalationPass.Escalated> mine(EscalationPass pass, Ticket t) {
    return pass.escalated().stream().filter(e -> e.ticket().equals(t.number())).toList();
  }

  private static Instant nextEscalationAt(String number) {
    var v = db.database().dsl().select(TICKET.NEXT_ESCALATION_AT).from(TICKET).where(TICKET.NUMBER.eq(number))
        .fetchOne().value1();
    return v == null ? null : v.toInstant();
  }

  /** The SMS/voice rows (notices, warnings) of a ticket; its e-mails are {@link #emailKeys}. */
  private static List<String> outboxKeys(String number) {
    return db.database().dsl().select(OUTBOX.IDEMPOTENCY_KEY).from(OUTBOX)
        .where(OUTBOX.IDEMPOTENCY_KEY.like("%:" + number + ":%")).and(OUTBOX.KIND.ne("email"))
        .fetch(OUTBOX.IDEMPOTENCY_KEY);
  }

  private static List<String> emailKeys(String number) {
    return db.database().dsl().select(OUTBOX.IDEMPOTENCY_KEY).from(OUTBOX)
        .where(OUTBOX.IDEMPOTENCY_KEY.like("%:" + number + ":%")).and(OUTBOX.KIND.eq("email"))
        .fetch(OUTBOX.IDEMPOTENCY_KEY);
  }

  private static String outboxStatus(String key) {
    return db.database().dsl().select(OUTBOX.STATUS).from(OUTBOX).where(OUTBOX.IDEMPOTENCY_KEY.eq(key)).fetchOne().value1();
  }

  private static String payload(String key) {
    return db.database().dsl().select(OUTBOX.PAYLOAD).from(OUTBOX).where(OUTBOX.IDEMPOTENCY_KEY.eq(key)).fetchOne()
        .value1().data();
  }

  private static int escalationRows(String number) {
    return db.database().dsl().fetchCount(ESCALATION, ESCALATION.TICKET_NUMBER.eq(number));
  }
}

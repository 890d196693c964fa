package com.serveurcom.astreinte.ticket;

import static com.serveurcom.astreinte.database.generated.Tables.TICKET_EVENT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.serveurcom.astreinte.account.Account;
import com.serveurcom.astreinte.account.AccountStore;
import com.serveurcom.astreinte.account.NewAccount;
import com.serveurcom.astreinte.testing.MutableClock;
import com.serveurcom.astreinte.testing.TestDatabase;
import com.serveurcom.astreinte.testing.TestSla;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Each test opens its tickets in its own year (the clock decides the year prefix), so the
 * numbering of one test does not depend on another's.
 */
class TicketStoreTest {
  @RegisterExtension static final TestDatabase db = new TestDatabase();

  static Account acme;
  static Account noOncall;

  @BeforeAll
  static void accounts() {
    AccountStore accounts = new AccountStore(db.database(), new MutableClock(Instant.parse("2026-01-01T00:00:00Z")));
    acme = accounts.create(new NewAccount("ACME", true, Set.of(Service.TECHNICAL), List.of("+33612345678")));
    noOncall = accounts.create(new NewAccount("Sans Astreinte", false, Set.of(), List.of()));
  }

  private static NewTicket newTicket(Account account, Priority priority) {
    return new NewTicket(account.id(), Service.TECHNICAL, "incident", priority, "Serveur arrêté",
        "Plus rien ne répond", "Jeanne Dupont", "jeanne@example.fr", "+33612345678");
  }

  private static ImportedTicket imported(String number, TicketStatus status, Instant openedAt) {
    return new ImportedTicket(number, acme.id(), Service.TECHNICAL, null, Priority.HIGH, status, "Sujet", null,
        "Jeanne", null, "+33612345678", null, openedAt, null, null);
  }

  @Test
  void numbersTakeTheParisYearOfTheOpeningAndASixDigitSequence() {
    // 2030-12-31T23:30Z is already 2031 in Paris.
    MutableClock clock = new MutableClock(Instant.parse("2030-12-31T23:30:00Z"));
    TicketStore store = new TicketStore(db.database(), TestSla.TWENTY_FOUR_SEVEN, clock);
    Ticket first = store.create(newTicket(acme, Priority.HIGH), "agent");
    Ticket second = store.create(newTicket(acme, Priority.LOW), "agent");
    assertThat(first.number()).isEqualTo("31000001");
    assertThat(second.number()).isEqualTo("31000002");

    assertThat(first.status()).isEqualTo(TicketStatus.NEW);
    assertThat(first.openedAt()).isEqualTo(clock.instant());
    assertThat(first.takeChargeBy()).isEqualTo(clock.instant().plus(Duration.ofMinutes(30)));
    assertThat(first.resolveBy()).isEqualTo(clock.instant().plus(Duration.ofHours(4)));
    assertThat(first.nextDeadline()).isEqualTo(first.takeChargeBy());
    assertThat(store.find("31000001")).contains(first);
    assertThat(store.events("31000001")).extracting(TicketEvent::kind).containsExactly("created");
  }

  @Test
  void numberingResumesAfterTheHighestNumberOfTheYear() {
    MutableClock clock = new MutableClock(Instant.parse("2032-06-01T10:00:00Z"));
    TicketStore store = new TicketStore(db.database(), TestSla.TWENTY_FOUR_SEVEN, clock);
    store.importTicket(imported("32000041", TicketStatus.NEW, clock.instant()), "import");
    store.importTicket(imported("320000999", TicketStatus.NEW, clock.instant()), "import"); // 9 digits: not in the series
    store.importTicket(imported("33000500", TicketStatus.NEW, clock.instant()), "import"); // another year
    assertThat(store.create(newTicket(acme, Priority.HIGH), "agent").number()).isEqualTo("32000042");
  }

  @Test
  void fiftyParallelCreationsGetFiftyDistinctConsecutiveNumbers() throws Exception {
    MutableClock clock = new MutableClock(Instant.parse("2034-03-01T10:00:00Z"));
    TicketStore store = new TicketStore(db.database(), TestSla.TWENTY_FOUR_SEVEN, clock);
    int n = 50;
    ExecutorService pool = Executors.newFixedThreadPool(n);
    CountDownLatch start = new CountDownLatch(1);
    try {
      List<Future<String>> futures = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        futures.add(pool.submit(() -> {
          start.await();
          return store.create(newTicket(acme, Priority.MEDIUM), "agent").number();
        }));
      }
      start.countDown();
      Set<String> numbers = new HashSet<>();
      for (Future<String> f : futures) {
        numbers.add(f.get(60, TimeUnit.SECONDS));
      }
      Set<String> expected = new HashSet<>();
      for (int i = 1; i <= n; i++) {
        expected.add(String.format("34%06d", i));
      }
      assertThat(numbers).isEqualTo(expected);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void importKeepsTheNumberAndRejectsADuplicate() {
    MutableClock clock = new MutableClock(Instant.parse("2035-01-10T10:00:00Z"));
    TicketStore store = new TicketStore(db.database(), TestSla.TWENTY_FOUR_SEVEN, clock);
    Instant opened = Instant.parse("2035-01-09T08:00:00Z");
    Ticket t = store.importTicket(imported("0042", TicketStatus.IN_PROGRESS, opened), "import");
    assertThat(t.number()).isEqualTo("0042");
    assertThat(t.openedAt()).isEqualTo(opened);
    assertThat(t.takeChargeBy()).isEqualTo(opened.plus(Duration.ofMinutes(30)));
    assertThatThrownBy(() -> store.importTicket(imported("0042", TicketStatus.NEW, opened), "import"))
        .isInstanceOf(TicketAlreadyExistsException.class);
    assertThatThrownBy(() -> imported("123", TicketStatus.NEW, opened)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> imported("12a45", TicketStatus.NEW, opened)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> imported("1234567890123", TicketStatus.NEW, opened))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(store.importTicket(imported("123456789012", TicketStatus.NEW, opened), "import").number())
        .isEqualTo("123456789012");
  }

  @Test
  void unknownAccountIsRejected() {
    TicketStore store = new TicketStore(db.database(), TestSla.TWENTY_FOUR_SEVEN,
        new MutableClock(Instant.parse("2036-01-10T10:00:00Z")));
    NewTicket t = new NewTicket(999_999, Service.TECHNICAL, null, Priority.LOW, "s", null, "n", null, "+33600000000");
    assertThatThrownBy(() -> store.create(t, "agent")).isInstanceOf(UnknownAccountException.class);
  }

  @Test
  void lifeCycleUpdatesStatusDeadlinesAndHistory() {
    MutableClock clock = new MutableClock(Instant.parse("2037-02-02T09:00:00Z"));
    TicketStore store = new TicketStore(db.database(), TestSla.TWENTY_FOUR_SEVEN, clock);
    String number = store.create(newTicket(acme, Priority.LOW), "agent").number();

    clock.advance(Duration.ofMinutes(10));
    Ticket t = store.changePriority(number, "manager", Priority.HIGH);
    Instant changedAt = clock.instant();
    assertThat(t.priority()).isEqualTo(Priority.HIGH);
    assertThat(t.takeChargeBy()).isEqualTo(changedAt.plus(Duration.ofMinutes(30)));
    assertThat(t.resolveBy()).isEqualTo(changedAt.plus(Duration.ofHours(4)));
    assertThat(t.nextDeadline()).isEqualTo(t.takeChargeBy());

    clock.advance(Duration.ofMinutes(5));
    t = store.takeCharge(number, "tech", "Marc Technicien");
    assertThat(t.status()).isEqualTo(TicketStatus.IN_PROGRESS);
    assertThat(t.assignee()).isEqualTo("Marc Technicien");
    assertThat(t.takenInChargeAt()).isEqualTo(clock.instant());
    assertThat(t.nextDeadline()).isEqualTo(t.resolveBy());

    t = store.comment(number, "tech", "Redémarrage en cours");
    assertThat(t.status()).isEqualTo(TicketStatus.IN_PROGRESS);

    clock.advance(Duration.ofHours(1));
    t = store.resolve(number, "tech", "Alimentation remplacée");
    assertThat(t.status()).isEqualTo(TicketStatus.RESOLVED);
    assertThat(t.resolvedAt()).isEqualTo(clock.instant());
    assertThat(t.nextDeadline()).isNull();

    t = store.reopen(number, "customer", "Panne revenue");
    assertThat(t.status()).isEqualTo(TicketStatus.IN_PROGRESS);
    assertThat(t.resolvedAt()).isNull();
    assertThat(t.nextDeadline()).isEqualTo(t.resolveBy());

    t = store.close(number, "manager");
    assertThat(t.status()).isEqualTo(TicketStatus.CLOSED);
    assertThat(t.closedAt()).isNotNull();
    assertThat(t.nextDeadline()).isNull();

    assertThat(store.find(number)).contains(t);
    List<TicketEvent> events = store.events(number);
    assertThat(events).extracting(TicketEvent::kind).containsExactly(
        "created", "change_priority", "take_charge", "comment", "resolve", "reopen", "close");
    assertThat(events.get(1).details()).contains("\"from\": \"low\"").contains("\"to\": \"high\"");
    assertThat(events.get(2).actor()).isEqualTo("tech");
  }

  @Test
  void invalidTransitionsThrowAndLeaveNoTrace() {
    MutableClock clock = new MutableClock(Instant.parse("2038-02-02T09:00:00Z"));
    TicketStore store = new TicketStore(db.database(), TestSla.TWENTY_FOUR_SEVEN, clock);
    String number = store.create(newTicket(acme, Priority.MEDIUM), "agent").number();

    assertThatThrownBy(() -> store.reopen(number, "x", "r")).isInstanceOf(InvalidTransitionException.class);
    assertThatThrownBy(() -> store.changePriority(number, "x", Priority.MEDIUM))
        .isInstanceOf(InvalidTransitionException.class);
    store.resolve(number, "tech", "ok");
    assertThatThrownBy(() -> store.takeCharge(number, "x", "y")).isInstanceOf(InvalidTransitionException.class)
        .hasMessageContaining("resolved");
    assertThatThrownBy(() -> store.resolve(number, "x", "r")).isInstanceOf(InvalidTransitionException.class);
    assertThatThrownBy(() -> store.changePriority(number, "x", Priority.HIGH))
        .isInstanceOf(InvalidTransitionException.class);
    store.close(number, "manager");
    assertThatThrownBy(() -> store.close(number, "x"))
        .isInstanceOfSatisfying(InvalidTransitionException.class, e -> {
          assertThat(e.status()).isEqualTo(TicketStatus.CLOSED);
          assertThat(e.number()).isEqualTo(number);
        });
    assertThat(store.events(number)).extracting(TicketEvent::kind).containsExactly("created", "resolve", "close");
    assertThatThrownBy(() -> store.comment("99999999999", "x", "hello")).isInstanceOf(TicketNotFoundException.class);
    assertThatThrownBy(() -> store.comment("abc", "x", "hello")).isInstanceOf(TicketNotFoundException.class);
  }

  @Test
  void withoutTheOncallOptionTheSlaPolicyIsToldSo() {
    List<Boolean> seen = new ArrayList<>();
    TicketStore store = new TicketStore(db.database(), (p, from, oncall) -> {
      seen.add(oncall);
      return TestSla.TWENTY_FOUR_SEVEN.deadlines(p, from, oncall);
    }, new MutableClock(Instant.parse("2039-02-02T09:00:00Z")));
    store.create(newTicket(noOncall, Priority.HIGH), "agent");
    store.create(newTicket(acme, Priority.HIGH), "agent");
    assertThat(seen).containsExactly(false, true);
  }

  @Test
  void listFiltersByStatusPriorityAndAccount() {
    MutableClock clock = new MutableClock(Instant.parse("2040-02-02T09:00:00Z"));
    TicketStore store = new TicketStore(db.database(), TestSla.TWENTY_FOUR_SEVEN, clock);
    Account listed = new AccountStore(db.database(), clock)
        .create(new NewAccount("Listed", false, Set.of(), List.of()));
    Ticket a = store.create(newTicket(listed, Priority.HIGH), "agent");
    clock.advance(Duration.ofMinutes(1));
    Ticket b = store.create(newTicket(listed, Priority.LOW), "agent");
    clock.advance(Duration.ofMinutes(1));
    Ticket c = store.create(newTicket(listed, Priority.HIGH), "agent");
    store.resolve(c.number(), "tech", "ok");

    TicketFilter mine = TicketFilter.all().withAccount(listed.id());
    assertThat(store.list(mine)).extracting(Ticket::number).containsExactly(c.number(), b.number(), a.number());
    assertThat(store.list(mine.withPriorities(Priority.HIGH))).extracting(Ticket::number)
        .containsExactly(c.number(), a.number());
    assertThat(store.list(mine.withStatuses(TicketStatus.NEW).withPriorities(Priority.HIGH)))
        .extracting(Ticket::number).containsExactly(a.number());
    assertThat(store.list(mine.withLimit(1))).hasSize(1);
  }

  @Test
  void ticketEventsAreAppendOnly() {
    TicketStore store = new TicketStore(db.database(), TestSla.TWENTY_FOUR_SEVEN,
        new MutableClock(Instant.parse("2041-02-02T09:00:00Z")));
    String number = store.create(newTicket(acme, Priority.HIGH), "agent").number();
    var dsl = db.database().dsl();
    assertThatThrownBy(() -> dsl.update(TICKET_EVENT).set(TICKET_EVENT.ACTOR, "forger")
        .where(TICKET_EVENT.TICKET_NUMBER.eq(number)).execute()).hasMessageContaining("append-only");
    assertThatThrownBy(() -> dsl.deleteFrom(TICKET_EVENT).where(TICKET_EVENT.TICKET_NUMBER.eq(number)).execute())
        .hasMessageContaining("append-only");
    assertThatThrownBy(() -> dsl.truncate(TICKET_EVENT).cascade().execute()).hasMessageContaining("append-only");
    assertThat(store.events(number)).hasSize(1);
  }
}

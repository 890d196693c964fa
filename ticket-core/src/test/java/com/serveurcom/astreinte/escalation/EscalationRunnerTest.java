package com.serveurcom.astreinte.escalation;

import static org.assertj.core.api.Assertions.assertThat;

import com.serveurcom.astreinte.account.Account;
import com.serveurcom.astreinte.account.AccountStore;
import com.serveurcom.astreinte.account.NewAccount;
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
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class EscalationRunnerTest {
  @RegisterExtension static final TestDatabase db = new TestDatabase();

  @Test
  void sleepsUntilTheNextWakeWithinTheCap() {
    Instant now = Instant.parse("2030-01-01T00:00:00Z");
    Duration cap = Duration.ofSeconds(30);
    assertThat(EscalationRunner.sleepFor(Optional.empty(), now, cap)).isEqualTo(cap);
    assertThat(EscalationRunner.sleepFor(Optional.of(now.plusSeconds(5)), now, cap)).isEqualTo(Duration.ofSeconds(5));
    assertThat(EscalationRunner.sleepFor(Optional.of(now.plusSeconds(600)), now, cap)).isEqualTo(cap);
    assertThat(EscalationRunner.sleepFor(Optional.of(now.minusSeconds(5)), now, cap)).isEqualTo(Duration.ZERO);
  }

  @Test
  void aWakeAfterTheClockMovesRunsAPassThatEscalates() throws Exception {
    MutableClock clock = new MutableClock(Instant.parse("2030-03-02T22:00:00Z"));
    Account acme = new AccountStore(db.database(), clock).create(new NewAccount("ACME", true, Set.of(Service.TECHNICAL),
        List.of()));
    TicketStore store = new TicketStore(db.database(), TestSla.TWENTY_FOUR_SEVEN, clock);
    EscalationEngine engine = new EscalationEngine(db.database(), () -> EscalationMatrix.seed(Map.of()), at -> false,
        EscalationEngine.DEFAULT_WARNING_LEAD);
    BlockingQueue<EscalationPass> passes = new LinkedBlockingQueue<>();
    try (EscalationRunner runner = new EscalationRunner(engine, clock, Duration.ofHours(1), passes::add)) {
      Ticket t = store.create(new NewTicket(acme.id(), Service.TECHNICAL, null, Priority.HIGH, "Panne", null, "Jeanne",
          null, "+33612345678"), "agent");
      runner.start();
      assertThat(passes.poll(10, TimeUnit.SECONDS).examined()).isEqualTo(1); // arms the ticket
      clock.advance(Duration.ofMinutes(45));
      runner.wake();
      EscalationPass pass = passes.poll(10, TimeUnit.SECONDS);
      assertThat(pass.escalated()).containsExactly(
          new EscalationPass.Escalated(t.number(), "take_charge", 1, List.of(), true));
    }
  }
}

package com.serveurcom.astreinte.call;

import static com.serveurcom.astreinte.database.generated.Tables.OUTBOX;
import static com.serveurcom.astreinte.database.generated.Tables.TICKET_EVENT;
import static org.assertj.core.api.Assertions.assertThat;

import com.serveurcom.astreinte.account.AccountStore;
import com.serveurcom.astreinte.demo.DemoFixture;
import com.serveurcom.astreinte.escalation.Contact;
import com.serveurcom.astreinte.escalation.EscalationEngine;
import com.serveurcom.astreinte.escalation.EscalationMatrix;
import com.serveurcom.astreinte.oncall.OnCallRequests;
import com.serveurcom.astreinte.oncall.OnCallEligibility;
import com.serveurcom.astreinte.oncall.OnCallRules;
import com.serveurcom.astreinte.testing.MutableClock;
import com.serveurcom.astreinte.testing.TestDatabase;
import com.serveurcom.astreinte.testing.TestSla;
import com.serveurcom.astreinte.ticket.TicketStore;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The escalation a caller asks for on the phone reaches the level's managers through the engine. */
class TicketDeskTest {
  @RegisterExtension static final TestDatabase db = new TestDatabase();
  static final Instant SATURDAY_3AM = Instant.parse("2026-11-28T02:00:00Z");
  static final EscalationMatrix MATRIX = EscalationMatrix.seed(Map.of(
      1, List.of(new Contact("Niveau un", "+33272646101", "n1@example.fr")),
      2, List.of(new Contact("Niveau deux", "+33272646102", "n2@example.fr")),
      3, List.of(new Contact("Niveau trois", "+33272646103", "n3@example.fr"))));

  static TicketDesk desk;
  static EscalationEngine engine;
  static final AtomicInteger wakes = new AtomicInteger();

  @BeforeAll
  static void fixture() {
    MutableClock clock = new MutableClock(SATURDAY_3AM);
    TicketStore tickets = new TicketStore(db.database(), TestSla.TWENTY_FOUR_SEVEN, clock);
    new DemoFixture(db.database(), new AccountStore(db.database(), clock), tickets).loadBundled();
    engine = new EscalationEngine(db.database(), () -> MATRIX, at -> false, EscalationEngine.DEFAULT_WARNING_LEAD);
    desk = new TicketDesk(db.database(), new OnCallEligibility(db.database(), OnCallRules.defaults()),
        new OnCallRequests(db.database()), tickets, () -> MATRIX, wakes::incrementAndGet);
  }

  @Test
  void aCallersEscalationIsNotifiedWithTheLevelsContacts() {
    // 26000001: high, opened 01:00 Paris, take charge due 01:30: 1 h 30 overdue at 03:00.
    OnCallDesk.EscalationAnswer answer = desk.escalate("26000001", "+33612345678", SATURDAY_3AM);
    assertThat(answer.level()).isEqualTo(3);
    assertThat(wakes.get()).as("the escalation engine is woken").isPositive();
    assertThat(db.database().dsl().fetchCount(TICKET_EVENT,
        TICKET_EVENT.TICKET_NUMBER.eq("26000001").and(TICKET_EVENT.KIND.eq("escalation_requested")))).isEqualTo(1);

    engine.runOnce(SATURDAY_3AM);
    var notice = db.database().dsl().select(OUTBOX.PAYLOAD).from(OUTBOX)
        .where(OUTBOX.IDEMPOTENCY_KEY.eq(EscalationEngine.escalationKey("26000001", "take_charge", 3))).fetchOne();
    assertThat(notice).isNotNull();
    assertThat(notice.value1().data()).contains("+33272646103").contains("Niveau trois");
  }

  @Test
  void noOverrunNoNotice() {
    // 26000006: medium, take charge due Fri 17:00 Paris; asked on Friday 16:00 Paris.
    OnCallDesk.EscalationAnswer answer = desk.escalate("26000006", null, Instant.parse("2026-11-27T15:00:00Z"));
    assertThat(answer.level()).isZero();
    assertThat(answer.transferTo()).isEmpty();
  }
}

package com.serveurcom.astreinte.ticket;

import static com.serveurcom.astreinte.database.generated.Tables.TICKET_EVENT;
import static org.assertj.core.api.Assertions.assertThat;

import com.serveurcom.astreinte.account.AccountStore;
import com.serveurcom.astreinte.demo.DemoFixture;
import com.serveurcom.astreinte.testing.MutableClock;
import com.serveurcom.astreinte.testing.TestDatabase;
import com.serveurcom.astreinte.testing.TestSla;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class TicketHistoryTest {
  @RegisterExtension static final TestDatabase db = new TestDatabase();
  static final Instant AT = Instant.parse("2026-11-28T02:00:00Z");
  static TicketStore tickets;

  @BeforeAll
  static void fixture() {
    MutableClock clock = new MutableClock(AT);
    tickets = new TicketStore(db.database(), TestSla.TWENTY_FOUR_SEVEN, clock);
    new DemoFixture(db.database(), new AccountStore(db.database(), clock), tickets).loadBundled();
  }

  @Test
  void oneEntryAndABatchAreWrittenWithTheirKindActorAndDetails() {
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("level", 2);
    details.put("skipped_levels", List.of(1));
    details.put("due", AT);
    details.put("note", "« guillemets » et \"quotes\"\n");
    db.database().transaction(tx -> {
      TicketHistory.append(tx, new TicketHistory.Entry("26000006", AT, null, TicketEventKind.ESCALATION, details));
      TicketHistory.appendAll(tx, List.of(
          new TicketHistory.Entry("26000006", AT, "escalation-engine", TicketEventKind.DEADLINE_WARNING, Map.of()),
          new TicketHistory.Entry("26000001", AT.plusSeconds(1), "Marc", TicketEventKind.COMMENT, Map.of("text", "x"))));
    });
    List<TicketEvent> six = tickets.events("26000006");
    TicketEvent escalation = six.stream().filter(e -> e.kind().equals("escalation")).findFirst().orElseThrow();
    assertThat(escalation.actor()).isEqualTo(TicketHistory.SYSTEM);
    assertThat(escalation.details()).contains("\"level\": 2", "\"skipped_levels\": [1]",
        "\"due\": \"2026-11-28T02:00:00Z\"", "« guillemets » et \\\"quotes\\\"\\n");
    assertThat(six).extracting(TicketEvent::kind).contains("deadline_warning");
    assertThat(db.database().dsl().fetchCount(TICKET_EVENT,
        TICKET_EVENT.TICKET_NUMBER.eq("26000001").and(TICKET_EVENT.ACTOR.eq("Marc")))).isEqualTo(1);
  }
}

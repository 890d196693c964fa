package com.serveurcom.astreinte.demo;

import static com.serveurcom.astreinte.database.generated.Tables.ACCOUNT;
import static com.serveurcom.astreinte.database.generated.Tables.ACCOUNT_PHONE;
import static com.serveurcom.astreinte.database.generated.Tables.TICKET;
import static com.serveurcom.astreinte.database.generated.Tables.TICKET_EVENT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.serveurcom.astreinte.account.Account;
import com.serveurcom.astreinte.account.AccountStore;
import com.serveurcom.astreinte.testing.MutableClock;
import com.serveurcom.astreinte.testing.TestDatabase;
import com.serveurcom.astreinte.testing.TestSla;
import com.serveurcom.astreinte.ticket.Priority;
import com.serveurcom.astreinte.ticket.Service;
import com.serveurcom.astreinte.ticket.Ticket;
import com.serveurcom.astreinte.ticket.TicketStatus;
import com.serveurcom.astreinte.ticket.TicketStore;
import java.io.StringReader;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class DemoFixtureTest {
  @RegisterExtension static final TestDatabase db = new TestDatabase();

  private final MutableClock clock = new MutableClock(Instant.parse("2026-11-27T12:00:00Z"));
  private final AccountStore accounts = new AccountStore(db.database(), clock);
  private final TicketStore tickets = new TicketStore(db.database(), TestSla.TWENTY_FOUR_SEVEN, clock);
  private final DemoFixture fixture = new DemoFixture(db.database(), accounts, tickets);

  private static Instant paris(String local) {
    return LocalDateTime.parse(local).atZone(ZoneId.of("Europe/Paris")).toInstant();
  }

  @Test
  void aRestartKeepsWhatThePersonChangedAndAResetPutsItBack() {
    fixture.loadBundled(DemoFixture.Mode.KEEP_CHANGES);
    tickets.takeCharge("26000001", "demo-user", "Marc");
    DemoFixture.Result restart = fixture.loadBundled(DemoFixture.Mode.KEEP_CHANGES);
    assertThat(restart.ticketsChanged()).isZero();
    assertThat(tickets.find("26000001").orElseThrow().assignee()).isEqualTo("Marc");

    fixture.loadBundled(DemoFixture.Mode.RESET);
    assertThat(tickets.find("26000001").orElseThrow().assignee()).isNull();
  }

  @Test
  void loadsTheAcceptanceFixtureTwiceWithoutDuplicates() {
    DemoFixture.Result first = fixture.loadBundled();
    assertThat(first).isEqualTo(new DemoFixture.Result(2, 7, 7));
    int events = db.database().dsl().fetchCount(TICKET_EVENT);
    DemoFixture.Result second = fixture.loadBundled();
    assertThat(second).isEqualTo(new DemoFixture.Result(2, 7, 0));

    var dsl = db.database().dsl();
    assertThat(dsl.fetchCount(ACCOUNT)).isEqualTo(2);
    assertThat(dsl.fetchCount(ACCOUNT_PHONE)).isEqualTo(2);
    assertThat(dsl.fetchCount(TICKET)).isEqualTo(7);
    assertThat(dsl.fetchCount(TICKET_EVENT)).isEqualTo(events);

    Account acme = accounts.findByName("ACME Industrie").orElseThrow();
    assertThat(acme.oncallOption()).isTrue();
    assertThat(acme.oncallServices()).containsExactly(Service.TECHNICAL);
    assertThat(acme.phones()).containsExactly("+33612345678");
    Account martin = accounts.findByPhone("+33698765432").get(0);
    assertThat(martin.name()).isEqualTo("Boulangerie Martin");
    assertThat(martin.oncallOption()).isFalse();

    Ticket t1 = tickets.find("26000001").orElseThrow();
    assertThat(t1.accountId()).isEqualTo(acme.id());
    assertThat(t1.priority()).isEqualTo(Priority.HIGH);
    assertThat(t1.status()).isEqualTo(TicketStatus.NEW);
    assertThat(t1.openedAt()).isEqualTo(paris("2026-11-28T01:00"));
    assertThat(t1.contactName()).isEqualTo("Jeanne Dupont");
    assertThat(t1.contactPhone()).isEqualTo("+33612345678");
    assertThat(t1.contactEmail()).isEqualTo("jeanne.dupont@acme-industrie.fr");
    assertThat(t1.isCompliant()).isTrue();

    assertThat(tickets.find("26000003").orElseThrow())
        .extracting(Ticket::service, Ticket::status, Ticket::openedAt)
        .containsExactly(Service.COMMERCIAL, TicketStatus.IN_PROGRESS, paris("2026-11-26T09:00"));
    Ticket t4 = tickets.find("26000004").orElseThrow();
    assertThat(t4.status()).isEqualTo(TicketStatus.RESOLVED);
    assertThat(t4.nextDeadline()).isNull();
    Ticket t5 = tickets.find("26000005").orElseThrow();
    assertThat(t5.accountId()).isEqualTo(martin.id());
    assertThat(t5.contactName()).isEqualTo("Paul Martin");
    assertThat(tickets.find("26000006").orElseThrow().openedAt()).isEqualTo(paris("2026-11-27T15:00"));
    Ticket t7 = tickets.find("26000007").orElseThrow();
    assertThat(t7.contactName()).isNull();
    assertThat(t7.contactPhone()).isNull();
    assertThat(t7.subject()).isNotBlank();
    assertThat(t7.isCompliant()).isFalse();
    assertThat(t7.openedAt()).isEqualTo(paris("2026-11-28T01:30"));

    // Issued numbers continue after the fixture's.
    assertThat(tickets.create(new com.serveurcom.astreinte.ticket.NewTicket(acme.id(), Service.TECHNICAL, null,
        Priority.LOW, "s", null, "n", null, "+33600000000"), "agent").number()).isEqualTo("26000008");
  }

  @Test
  void aBadFileIsReportedWithItsSourceAndNothingIsLoaded() {
    String yaml = """
        accounts:
          - name: Bad Fixture SA
            oncall_option: true
            oncall_services: [technical]
        tickets:
          - number: "1"
            account: Bad Fixture SA
            service: technical
            priority: high
            opened: "2026-11-28 01:00"
        """;
    assertThatThrownBy(() -> fixture.load(new StringReader(yaml), "bad.yaml"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("4 to 12 digits");
    assertThat(accounts.findByName("Bad Fixture SA")).isEmpty();
  }
}

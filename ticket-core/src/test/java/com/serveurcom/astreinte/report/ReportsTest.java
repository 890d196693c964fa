package com.serveurcom.astreinte.report;

import com.serveurcom.astreinte.database.Timestamps;
import static com.serveurcom.astreinte.database.generated.Tables.CALL_RECORD;
import static com.serveurcom.astreinte.database.generated.Tables.ESCALATION;
import static com.serveurcom.astreinte.database.generated.Tables.ONCALL_REQUEST;
import static com.serveurcom.astreinte.database.generated.Tables.OUTBOX;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.serveurcom.astreinte.account.Account;
import com.serveurcom.astreinte.account.AccountStore;
import com.serveurcom.astreinte.account.NewAccount;
import com.serveurcom.astreinte.testing.MutableClock;
import com.serveurcom.astreinte.testing.TestDatabase;
import com.serveurcom.astreinte.testing.TestSla;
import com.serveurcom.astreinte.ticket.ImportedTicket;
import com.serveurcom.astreinte.ticket.Priority;
import com.serveurcom.astreinte.ticket.Service;
import com.serveurcom.astreinte.ticket.TicketStatus;
import com.serveurcom.astreinte.ticket.TicketStore;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jooq.JSONB;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The reports over a small fixture whose figures are computed by hand in the comments. The period
 * is March 2026 in Paris: 2026-02-28T23:00Z (CET) to 2026-03-31T22:00Z (CEST since the 29th), so
 * 31 days minus the hour lost at the DST change = 743 h.
 */
class ReportsTest {
  @RegisterExtension static final TestDatabase db = new TestDatabase();

  static final ReportPeriod MARCH = new ReportPeriod(LocalDate.of(2026, 3, 1), LocalDate.of(2026, 4, 1));
  static final Instant AS_OF = Instant.parse("2026-03-15T10:00:00Z");
  static Reports reports;
  static Account acme;
  static Account globex;

  @BeforeAll
  static void fixture() {
    MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    AccountStore accounts = new AccountStore(db.database(), clock);
    acme = accounts.create(new NewAccount("ACME", true, Set.of(Service.TECHNICAL), List.of()));
    globex = accounts.create(new NewAccount("Globex", true, Set.of(Service.TECHNICAL), List.of()));
    accounts.create(new NewAccount("Initech", false, Set.of(), List.of()));
    TicketStore store = new TicketStore(db.database(), TestSla.TWENTY_FOUR_SEVEN, clock);

    // SLA tickets (high: take charge 30 min, resolve 4 h; medium: 2 h, 24 h).
    imp(store, "26000001", acme, Priority.HIGH, "2026-03-10T10:00:00Z", "2026-03-10T10:20:00Z", "2026-03-10T13:00:00Z");
    imp(store, "26000002", acme, Priority.HIGH, "2026-03-11T10:00:00Z", "2026-03-11T11:00:00Z", "2026-03-11T15:00:00Z");
    imp(store, "26000003", acme, Priority.HIGH, "2026-03-12T10:00:00Z", "2026-03-12T10:40:00Z", "2026-03-12T14:00:00Z");
    imp(store, "26000004", acme, Priority.MEDIUM, "2026-03-13T10:00:00Z", "2026-03-13T11:00:00Z", null);
    imp(store, "26000005", globex, Priority.LOW, "2026-03-13T10:00:00Z", null, null);
    imp(store, "26000006", acme, Priority.HIGH, "2026-04-02T10:00:00Z", null, null); // after the period

    // Availability incidents of Globex (high): two overlapping (08:00-10:00 and 09:00-11:00 -> 3 h),
    // one started before the period (20:00Z on 28/02 to 01:00Z on 01/03 -> 2 h inside), one still
    // unresolved from 30/03 22:00Z (31/03 00:00 Paris) to the period's end (-> 24 h). 29 h in all.
    imp(store, "26000101", globex, Priority.HIGH, "2026-03-02T08:00:00Z", "2026-03-02T08:05:00Z", "2026-03-02T10:00:00Z");
    imp(store, "26000102", globex, Priority.HIGH, "2026-03-02T09:00:00Z", "2026-03-02T09:05:00Z", "2026-03-02T11:00:00Z");
    imp(store, "26000103", globex, Priority.HIGH, "2026-02-28T20:00:00Z", "2026-02-28T20:05:00Z", "2026-03-01T01:00:00Z");
    imp(store, "26000104", globex, Priority.HIGH, "2026-03-30T22:00:00Z", "2026-03-30T22:05:00Z", null);
    imp(store, "26000105", globex, Priority.MEDIUM, "2026-03-05T08:00:00Z", null, "2026-03-06T08:00:00Z"); // not an outage
    imp(store, "26000106", globex, Priority.HIGH, "2026-02-01T08:00:00Z", null, "2026-02-01T09:00:00Z"); // before

    db.database().transaction(tx -> {
      // Escalations of 26000002: take charge level 1, resolve levels 1 and 2.
      escalation(tx, "26000002", "take_charge", 1);
      escalation(tx, "26000002", "resolve", 1);
      escalation(tx, "26000002", "resolve", 2);

      // Calls: week of 02/03: 2 routed, 1 refused unknown; week of 09/03: 1 routed, 2 registered,
      // 2 refused closed (one about an ACME ticket), 1 abandoned; one call in February (ignored).
      call(tx, "2026-03-02T09:00:00Z", "routed", null, null);
      call(tx, "2026-03-03T09:00:00Z", "routed", null, null);
      call(tx, "2026-03-04T20:00:00Z", "refused", "unknown_request", "99999999");
      call(tx, "2026-03-09T09:00:00Z", "routed", null, null);
      call(tx, "2026-03-10T21:50:00Z", "registered", null, "26000001");
      call(tx, "2026-03-11T21:50:00Z", "registered", null, "26000002");
      call(tx, "2026-03-12T20:00:00Z", "refused", "request_closed", "26000001");
      call(tx, "2026-03-12T20:30:00Z", "refused", "request_closed", "26000105");
      call(tx, "2026-03-13T20:00:00Z", "abandoned", null, null);
      call(tx, "2026-02-20T20:00:00Z", "routed", null, null);

      // Pages: two sent in March for ACME, one orphan sent, one still pending, one sent in February.
      page(tx, "page", "page:26000001:c1", "sent", "2026-03-10T22:00:00Z");
      page(tx, "page", "page:26000002:c2", "sent", "2026-03-11T22:00:00Z");
      page(tx, "page_orphan", "orphan:c3", "sent", "2026-03-12T22:00:00Z");
      page(tx, "page", "page:26000003:c4", "pending", null);
      page(tx, "page", "page:26000003:c5", "sent", "2026-02-12T22:00:00Z");

      // On-call requests: 10 min (Paul), 45 min (Paul, breach), 20 min (Marie), still pending at
      // AS_OF (breach), declined after 5 min (no breach).
      request(tx, "26000001", "2026-03-10T22:00:00Z", "2026-03-10T22:10:00Z", "Paul", null);
      request(tx, "26000002", "2026-03-11T22:00:00Z", "2026-03-11T22:45:00Z", "Paul", null);
      request(tx, "26000003", "2026-03-12T22:00:00Z", "2026-03-12T22:20:00Z", "Marie", null);
      request(tx, "26000004", "2026-03-13T22:00:00Z", null, null, null);
      request(tx, "26000105", "2026-03-14T22:00:00Z", null, null, "2026-03-14T22:05:00Z");
    });
    reports = new Reports(db.database());
  }

  @Test
  void slaPerPriority() {
    SlaReport r = reports.sla(MARCH, "ACME", AS_OF);
    SlaReport.Line high = r.lines().get(0);
    // 001 on time both; 002 30 min and 1 h late (worst 1 h); 003 taken 10 min late, resolved exactly at 14:00 (on time).
    assertThat(high.opened()).isEqualTo(3);
    assertThat(high.takenOnTime()).isEqualTo(1);
    assertThat(high.takeChargeJudged()).isEqualTo(3);
    assertThat(high.takenOnTimePercent()).isEqualTo(33.3);
    assertThat(high.resolvedOnTime()).isEqualTo(2);
    assertThat(high.resolvedOnTimePercent()).isEqualTo(66.7);
    assertThat(high.overran()).isEqualTo(2);
    assertThat(high.medianOverrun()).isEqualTo(Duration.ofMinutes(10)); // nearest rank of [10 min, 1 h]
    assertThat(high.worstOverrun()).isEqualTo(Duration.ofHours(1));
    assertThat(high.escalationsPerLevel()).isEqualTo(Map.of(1, 2L, 2, 1L, 3, 0L));
    SlaReport.Line medium = r.lines().get(1);
    // 004 taken on time; resolve by 14/03 10:00, unresolved at AS_OF (15/03 10:00): 24 h late.
    assertThat(medium.opened()).isEqualTo(1);
    assertThat(medium.takenOnTimePercent()).isEqualTo(100.0);
    assertThat(medium.resolvedOnTimePercent()).isEqualTo(0.0);
    assertThat(medium.worstOverrun()).isEqualTo(Duration.ofHours(24));
    assertThat(r.lines().get(2).opened()).isZero(); // the low ticket is Globex's

    assertThat(reports.sla(MARCH, null, AS_OF).lines().get(2).opened()).isEqualTo(1);
    assertThatThrownBy(() -> reports.sla(MARCH, "Nobody", AS_OF)).hasMessageContaining("compte inconnu");

    String csv = ReportCsv.sla(r);
    assertThat(csv).startsWith(ReportCsv.BOM + "priorité;tickets ouverts;");
    assertThat(csv.split("\r\n")).hasSize(4);
    assertThat(csv).contains("\r\nélevé;3;1;3;33,3;2;3;66,7;2;10;60;2;1;0\r\n");
    assertThat(ReportHtml.sla(r, AS_OF)).contains("<table>", "1 / 3 (33,3 %)", "du 01/03/2026 au 31/03/2026")
        .doesNotContain("<script", "<link");
  }

  @Test
  void oncallActivity() {
    OnCallReport r = reports.oncall(MARCH, null, AS_OF);
    assertThat(r.callsByOutcome()).isEqualTo(Map.of("routed", 3L, "registered", 2L, "refused:unknown_request", 1L,
        "refused:request_closed", 2L, "abandoned", 1L));
    assertThat(r.callsByWeek()).isEqualTo(Map.of(
        LocalDate.of(2026, 3, 2), Map.of("routed", 2L, "refused", 1L),
        LocalDate.of(2026, 3, 9), Map.of("routed", 1L, "registered", 2L, "refused", 2L, "abandoned", 1L)));
    assertThat(r.pagesSent()).isEqualTo(3);
    assertThat(r.requests()).isEqualTo(5);
    // Delays [10, 20, 45] min: median 20, p90 45 (nearest rank), worst 45.
    assertThat(r.takeCharge().count()).isEqualTo(3);
    assertThat(r.takeCharge().median()).isEqualTo(Duration.ofMinutes(20));
    assertThat(r.takeCharge().p90()).isEqualTo(Duration.ofMinutes(45));
    assertThat(r.takeCharge().worst()).isEqualTo(Duration.ofMinutes(45));
    assertThat(r.breaches()).isEqualTo(2);
    assertThat(r.technicians()).containsExactly(
        new OnCallReport.Technician("Paul", 2, Duration.ofMinutes(10), Duration.ofMinutes(45), 1),
        new OnCallReport.Technician("Marie", 1, Duration.ofMinutes(20), Duration.ofMinutes(20), 0));

    // ACME only: its calls (registered x2, one refused closed), its pages (2), its requests (4).
    OnCallReport acmeOnly = reports.oncall(MARCH, "ACME", AS_OF);
    assertThat(acmeOnly.callsByOutcome()).isEqualTo(Map.of("registered", 2L, "refused:request_closed", 1L));
    assertThat(acmeOnly.pagesSent()).isEqualTo(2);
    assertThat(acmeOnly.requests()).isEqualTo(4);

    assertThat(ReportCsv.oncall(r)).startsWith(ReportCsv.BOM + "indicateur;détail;valeur\r\n")
        .contains("appels;refusé : demande inconnue;1\r\n", "délai de prise en charge (min);médiane;20\r\n",
            "dépassements des 30 minutes;;2\r\n");
    assertThat(ReportHtml.oncall(r, AS_OF)).contains("<svg", "Distribution des délais", "sem. 02/03", "Paul")
        .doesNotContain("<script");
  }

  @Test
  void availabilityIsTheUnionOfHighIncidentsClippedToThePeriod() {
    AvailabilityReport r = reports.availability(MARCH, null);
    assertThat(MARCH.length()).isEqualTo(Duration.ofHours(743));
    assertThat(r.lines()).extracting(AvailabilityReport.Line::account).containsExactly("ACME", "Globex", "Initech");
    AvailabilityReport.Line globexLine = r.lines().get(1);
    assertThat(globexLine.outage()).isEqualTo(Duration.ofHours(29));
    assertThat(globexLine.incidents()).extracting(AvailabilityReport.Incident::ticket)
        .containsExactly("26000103", "26000101", "26000102", "26000104");
    assertThat(globexLine.unavailabilityPercent()).isCloseTo(100.0 * 29 / 743, org.assertj.core.data.Offset.offset(1e-9));
    // ACME's high tickets of March: 10:00-13:00, 10:00-15:00, 10:00-14:00 on three days = 12 h.
    assertThat(r.lines().get(0).outage()).isEqualTo(Duration.ofHours(12));
    assertThat(r.lines().get(2).outage()).isZero();

    assertThat(reports.availability(MARCH, "Globex").lines()).hasSize(1);
    assertThat(ReportCsv.availability(r)).contains("\r\nGlobex;4;1740;3,903;96,097\r\n");
    assertThat(ReportHtml.availability(r, AS_OF)).contains("<svg", "non résolu", "Globex", "96,10 %");
  }

  // ---------------------------------------------------------------- fixture helpers

  private static void imp(TicketStore store, String number, Account account, Priority p, String opened, String taken,
      String resolved) {
    TicketStatus status = resolved != null ? TicketStatus.RESOLVED : taken != null ? TicketStatus.IN_PROGRESS
        : TicketStatus.NEW;
    store.importTicket(new ImportedTicket(number, account.id(), Service.TECHNICAL, null, p, status, "Panne " + number, null,
        "Jeanne", null, "+33612345678", null, Instant.parse(opened), taken == null ? null : Instant.parse(taken),
        resolved == null ? null : Instant.parse(resolved)), "import");
  }

  private static void escalation(org.jooq.DSLContext tx, String ticket, String deadline, int level) {
    Instant at = Instant.parse("2026-03-11T12:00:00Z");
    tx.insertInto(ESCALATION).set(ESCALATION.TICKET_NUMBER, ticket).set(ESCALATION.PRIORITY, "high")
        .set(ESCALATION.DEADLINE, deadline).set(ESCALATION.DEADLINE_AT, Timestamps.utc(at)).set(ESCALATION.LEVEL, level)
        .set(ESCALATION.DUE_AT, Timestamps.utc(at)).set(ESCALATION.AT, Timestamps.utc(at))
        .set(ESCALATION.OUTBOX_KEY, "escalation:" + ticket + ":" + deadline + ":" + level).execute();
  }

  private static void call(org.jooq.DSLContext tx, String at, String outcome, String reason, String request) {
    tx.insertInto(CALL_RECORD).set(CALL_RECORD.STARTED_AT, Timestamps.utc(Instant.parse(at))).set(CALL_RECORD.ROUTE, "test")
        .set(CALL_RECORD.OUTCOME, outcome).set(CALL_RECORD.REFUSAL_REASON, reason)
        .set(CALL_RECORD.REQUEST_NUMBER, request).execute();
  }

  private static void page(org.jooq.DSLContext tx, String kind, String key, String status, String sentAt) {
    tx.insertInto(OUTBOX).set(OUTBOX.KIND, kind).set(OUTBOX.PAYLOAD, JSONB.jsonb("{}")).set(OUTBOX.IDEMPOTENCY_KEY, key)
        .set(OUTBOX.STATUS, status).set(OUTBOX.SENT_AT, sentAt == null ? null : Timestamps.utc(Instant.parse(sentAt)))
        .execute();
  }

  private static void request(org.jooq.DSLContext tx, String ticket, String created, String taken, String by,
      String declined) {
    tx.insertInto(ONCALL_REQUEST).set(ONCALL_REQUEST.TICKET_NUMBER, ticket).set(ONCALL_REQUEST.CALLBACK_NUMBER, "+33612345678")
        .set(ONCALL_REQUEST.STATUS, taken != null ? "taken_in_charge" : declined != null ? "declined" : "paging")
        .set(ONCALL_REQUEST.CREATED_AT, Timestamps.utc(Instant.parse(created)))
        .set(ONCALL_REQUEST.TAKEN_CHARGE_AT, taken == null ? null : Timestamps.utc(Instant.parse(taken)))
        .set(ONCALL_REQUEST.TAKEN_CHARGE_BY, by)
        .set(ONCALL_REQUEST.DECLINED_AT, declined == null ? null : Timestamps.utc(Instant.parse(declined))).execute();
  }
}

package com.serveurcom.astreinte.oncall;

import static com.serveurcom.astreinte.database.generated.Tables.OUTBOX;
import static com.serveurcom.astreinte.database.generated.Tables.TICKET_EVENT;
import static org.assertj.core.api.Assertions.assertThat;

import com.serveurcom.astreinte.account.AccountStore;
import com.serveurcom.astreinte.demo.DemoFixture;
import com.serveurcom.astreinte.outbox.Outbox;
import com.serveurcom.astreinte.outbox.OutboxMessage;
import com.serveurcom.astreinte.testing.MutableClock;
import com.serveurcom.astreinte.testing.TestDatabase;
import com.serveurcom.astreinte.testing.TestSla;
import com.serveurcom.astreinte.ticket.TicketEventKind;
import com.serveurcom.astreinte.ticket.TicketStore;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The registration function of migration V6 writes statuses, history kinds and outbox kinds as SQL
 * literals; the schema's check constraint lists the statuses. These tests hold them to the Java
 * definitions, so that the two writers of the contract cannot drift apart.
 */
class DataContractTest {
  @RegisterExtension static final TestDatabase db = new TestDatabase();
  static final Instant AT = Instant.parse("2026-11-28T02:00:00Z");

  @BeforeAll
  static void fixture() {
    MutableClock clock = new MutableClock(AT);
    new DemoFixture(db.database(), new AccountStore(db.database(), clock),
        new TicketStore(db.database(), TestSla.TWENTY_FOUR_SEVEN, clock)).loadBundled();
  }

  private static String functionText(String name) {
    return db.database().dsl().fetchValue("select pg_get_functiondef(p.oid) from pg_proc p where p.proname = ?", name)
        .toString();
  }

  /** The quoted literals that follow {@code pattern} in {@code text}. */
  private static Set<String> literals(String text, String pattern) {
    Matcher m = Pattern.compile(pattern).matcher(text);
    Set<String> found = new java.util.TreeSet<>();
    while (m.find()) {
      Matcher q = Pattern.compile("'([a-z_]+)'").matcher(m.group());
      while (q.find()) {
        found.add(q.group(1));
      }
    }
    return found;
  }

  @Test
  void theRegistrationFunctionWritesOnlyDefinedStatusesAndKinds() {
    String f = functionText("astreinte_register_oncall");
    Set<String> statuses = literals(f, "status IN \\([^)]*\\)");
    assertThat(statuses).isNotEmpty();
    assertThat(statuses).containsExactlyInAnyOrderElementsOf(
        OnCallRequestStatus.OPEN.stream().map(OnCallRequestStatus::code).toList());

    Set<String> events = literals(f, "THEN '[a-z_]+' ELSE '[a-z_]+'");
    assertThat(events).isNotEmpty();
    Set<String> eventCodes = Arrays.stream(TicketEventKind.values()).map(TicketEventKind::code).collect(Collectors.toSet());
    assertThat(eventCodes).containsAll(events);

    Set<String> outboxKinds = literals(f, "VALUES \\('[a-z_]+'");
    assertThat(outboxKinds).containsExactlyInAnyOrder(OutboxMessage.Kind.PAGE.code(),
        OutboxMessage.Kind.ORPHAN_PAGE.code());
  }

  @Test
  void theSchemaAllowsExactlyTheDefinedStatuses() {
    String check = db.database().dsl().fetchValue(
        "select pg_get_constraintdef(oid) from pg_constraint where conname = 'oncall_request_status_check'").toString();
    Set<String> allowed = literals(check, "ARRAY\\[.*\\]");
    assertThat(allowed).containsExactlyInAnyOrderElementsOf(
        Arrays.stream(OnCallRequestStatus.values()).map(OnCallRequestStatus::code).toList());
  }

  @Test
  void whatTheFunctionWritesIsReadByTheCodecAndTheHistoryKinds() {
    OnCallRequests requests = new OnCallRequests(db.database());
    requests.register(new OnCallMessage("26000001", "+33612345678", "+33612345678", "/spool/msg0000", "k1", AT));
    requests.register(new OnCallMessage("99999999", "+33612345678", null, "/spool/msg0001", "k2", AT));
    List<Outbox.Item> items = new Outbox(db.database()).claim(
        OutboxMessage.Kind.codes(OutboxMessage.Kind.PAGE, OutboxMessage.Kind.ORPHAN_PAGE), 10, "t", Duration.ofMinutes(1),
        AT.plusSeconds(1));
    assertThat(items).hasSize(2);
    assertThat(items).extracting(Outbox.Item::message).hasExactlyElementsOfTypes(OutboxMessage.Page.class,
        OutboxMessage.OrphanPage.class);
    OutboxMessage.Page page = (OutboxMessage.Page) items.get(0).message();
    assertThat(page.ticket()).isEqualTo("26000001");
    assertThat(page.callback()).isEqualTo("+33612345678");
    for (String kind : db.database().dsl().selectDistinct(TICKET_EVENT.KIND).from(TICKET_EVENT).fetch(TICKET_EVENT.KIND)) {
      assertThat(TicketEventKind.fromCode(kind)).as(kind).isPresent();
    }
    assertThat(db.database().dsl().fetchCount(OUTBOX, OUTBOX.PAYLOAD_VERSION.ne((short) 1))).isZero();
  }
}

package com.serveurcom.astreinte.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.serveurcom.astreinte.config.ConfigLoadResult;
import com.serveurcom.astreinte.config.ConfigLoader;
import com.serveurcom.astreinte.http.ApiTokens;
import com.serveurcom.astreinte.http.PagingTestServer;
import com.serveurcom.astreinte.testing.TestDatabase;
import com.serveurcom.astreinte.ticket.TicketStatus;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** oncall take-charge|decline and pages through AstreinteCommand.execute against a running test server. */
class OnCallAckCommandTest {
  @RegisterExtension static final TestDatabase db = new TestDatabase();
  static PagingTestServer api;
  @TempDir static Path data;
  /** The repository's config (the rota the default --by reads). */
  static final String CONFIG = Path.of("..", "config").toString();

  @RegisterExtension final ConsoleCapture console = new ConsoleCapture();
  private final ByteArrayOutputStream out = console.out;
  private final ByteArrayOutputStream err = console.err;

  @BeforeAll
  static void start() throws Exception {
    api = new PagingTestServer(db.database(), "ACME CLI");
    Files.writeString(data.resolve(ApiTokens.FILE_NAME), PagingTestServer.TOKEN + "\n");
  }

  @AfterAll
  static void stop() {
    api.close();
  }

  private int run(String... args) {
    out.reset();
    err.reset();
    List<String> all = new ArrayList<>(List.of(args));
    all.add("--api=" + api.base);
    all.add("--data=" + data);
    return AstreinteCommand.execute(all.toArray(String[]::new));
  }

  @Test
  void takeChargeThenAgain() {
    String n = api.pagedRequest();
    assertThat(run("oncall", "take-charge", n, "--by", "Alice Martin")).as(err.toString()).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8)).contains("demande " + n + " prise en charge");
    assertThat(api.tickets.find(n).orElseThrow().status()).isEqualTo(TicketStatus.IN_PROGRESS);
    assertThat(run("oncall", "take-charge", n)).isEqualTo(1);
    assertThat(err.toString(StandardCharsets.UTF_8))
        .matches("(?s)astreinte: oncall take-charge: déjà prise en charge par Alice Martin à \\d\\d:\\d\\d .*");
    assertThat(run("oncall", "take-charge", "99999999")).isEqualTo(1);
    assertThat(err.toString(StandardCharsets.UTF_8).trim())
        .isEqualTo("astreinte: oncall take-charge: aucune demande d'astreinte ouverte pour 99999999");
    assertThat(run("oncall", "decline", "12ab")).isEqualTo(2);
  }

  /** The page of a message no request claims gives a reference (issue 10): take-charge accepts it. */
  @Test
  void takeChargeOfAnOrphanMessageByItsReference() {
    db.database().transaction(tx -> com.serveurcom.astreinte.outbox.Outbox.enqueue(tx,
        new com.serveurcom.astreinte.outbox.OutboxMessage.OrphanPage(null, null, null, "0612345678", null, null, null,
            null, "1795795942-00000001", null, null, null, null, null),
        "orphan-msg:1795795942-00000001", java.time.Instant.now()));
    String ref = db.database().dsl().select(com.serveurcom.astreinte.database.generated.Tables.ORPHAN_MESSAGE.REF)
        .from(com.serveurcom.astreinte.database.generated.Tables.ORPHAN_MESSAGE)
        .where(com.serveurcom.astreinte.database.generated.Tables.ORPHAN_MESSAGE.MSG_ID.eq("1795795942-00000001"))
        .fetchOne().value1();
    assertThat(run("oncall", "take-charge", ref, "--by", "Alice Martin")).as(err.toString()).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8)).contains(ref + " prise en charge");
    assertThat(run("oncall", "take-charge", ref)).isEqualTo(1);
  }

  @Test
  void takeChargeDefaultsToTheTechnicianOnDuty() {
    String n = api.pagedRequest();
    String onDuty = ((ConfigLoadResult.Valid) ConfigLoader.load(Path.of(CONFIG))).config().rota()
        .onDutyAt(Instant.now()).primary().orElseThrow().name();
    assertThat(run("oncall", "take-charge", n, "--config", CONFIG)).as(err.toString()).isZero();
    assertThat(api.tickets.find(n).orElseThrow().assignee()).isEqualTo(onDuty);
  }

  @Test
  void declineAndListPages() {
    String n = api.pagedRequest();
    assertThat(run("oncall", "decline", n, "--reason", "commercial")).as(err.toString()).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8)).contains("traitée aux heures ouvrées");
    assertThat(run("pages", "--ticket", n)).as(err.toString()).isZero();
    String listed = out.toString(StandardCharsets.UTF_8);
    assertThat(listed).contains("SMS").contains("appel").contains("+336******11").contains(" log ").doesNotContain("+33611111111");
    assertThat(run("pages", "--ticket", n, "--json")).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8).lines()).hasSize(2)
        .allSatisfy(l -> assertThat(l).startsWith("{").contains("\"provider\":\"log\""));
  }
}

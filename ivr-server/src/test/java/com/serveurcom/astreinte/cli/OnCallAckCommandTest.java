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

  /** An e-mail whose fate is uncertain, as the engine leaves it: mail_delivery 'uncertain', its outbox row failed. */
  private long uncertainEmail(String to) {
    String key = "email:test:" + System.nanoTime();
    return db.database().transactionResult(tx -> {
      com.serveurcom.astreinte.outbox.Outbox.enqueue(tx, new com.serveurcom.astreinte.outbox.OutboxMessage.Email(
          "client-enregistree", to, "Jean Client", "26000001", null, java.util.Map.of("request", "26000001",
              "received_at", "2026-11-28T02:00:00Z")), key, Instant.now());
      var outbox = com.serveurcom.astreinte.database.generated.Tables.OUTBOX;
      long outboxId = tx.update(outbox).set(outbox.STATUS, "failed").where(outbox.IDEMPOTENCY_KEY.eq(key))
          .returning(outbox.ID).fetchOne().getId();
      var mail = com.serveurcom.astreinte.database.generated.Tables.MAIL_DELIVERY;
      java.time.OffsetDateTime now = java.time.OffsetDateTime.now(java.time.ZoneOffset.UTC);
      return tx.insertInto(mail).set(mail.OUTBOX_ID, outboxId).set(mail.MESSAGE_ID, "<" + key + "@test>")
          .set(mail.TEMPLATE, "client-enregistree").set(mail.TICKET_NUMBER, "26000001").set(mail.RECIPIENT, to)
          .set(mail.SUBJECT, "objet").set(mail.BODY, "texte").set(mail.TRANSPORT, "smtp").set(mail.STATUS, "uncertain")
          .set(mail.ATTEMPTS, 1).set(mail.CREATED_AT, now).set(mail.UPDATED_AT, now)
          .returning(mail.ID).fetchOne().getId();
    });
  }

  @Test
  void anUncertainEmailIsSentAgainOnceFromTheCommandLine() {
    long id = uncertainEmail("jean.client@acme.example");
    assertThat(run("mails", "--ticket", "26000001")).as(err.toString()).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8)).contains("incertain, non renvoyé").containsPattern("(?m)^" + id + " ");
    assertThat(run("mails", "--resend", Long.toString(id))).as(err.toString()).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8)).contains("courriel n° " + id + " : une copie part");
    assertThat(db.database().dsl().fetchCount(com.serveurcom.astreinte.database.generated.Tables.OUTBOX,
        com.serveurcom.astreinte.database.generated.Tables.OUTBOX.KIND.eq("email")
            .and(com.serveurcom.astreinte.database.generated.Tables.OUTBOX.STATUS.eq("pending"))
            .and(com.serveurcom.astreinte.database.generated.Tables.OUTBOX.IDEMPOTENCY_KEY.endsWith(":renvoi"))))
        .isEqualTo(1);
    assertThat(run("mails", "--resend", Long.toString(id))).isEqualTo(1);
    assertThat(err.toString(StandardCharsets.UTF_8).trim())
        .isEqualTo("astreinte: mails: ce courriel a déjà été renvoyé une fois : sa copie est dans « astreinte mails »");
    assertThat(run("mails", "--resend", "987654321")).isEqualTo(1);
    assertThat(err.toString(StandardCharsets.UTF_8).trim()).isEqualTo("astreinte: mails: aucun courriel avec ce numéro");
    assertThat(run("mails", "--resend", "douze")).isEqualTo(2);
  }
}

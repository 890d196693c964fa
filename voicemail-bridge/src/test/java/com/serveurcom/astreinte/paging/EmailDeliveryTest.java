package com.serveurcom.astreinte.paging;

import static com.serveurcom.astreinte.database.generated.Tables.MAIL_DELIVERY;
import static com.serveurcom.astreinte.database.generated.Tables.OUTBOX;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.icegreen.greenmail.util.ServerSetup;
import com.serveurcom.astreinte.escalation.Contact;
import com.serveurcom.astreinte.escalation.EscalationEngine;
import com.serveurcom.astreinte.escalation.EscalationMatrix;
import com.serveurcom.astreinte.escalation.NoticeChannel;
import com.serveurcom.astreinte.mail.MailLog;
import com.serveurcom.astreinte.mail.MailResends;
import com.serveurcom.astreinte.outbox.OutboxCodec;
import com.serveurcom.astreinte.mail.MailSettings;
import com.serveurcom.astreinte.mail.Mailing;
import com.serveurcom.astreinte.mail.MessageIds;
import com.serveurcom.astreinte.mail.RefusingGreenMail;
import com.serveurcom.astreinte.outbox.Outbox;
import com.serveurcom.astreinte.outbox.OutboxMessage;
import com.serveurcom.astreinte.testing.TestDatabase;
import com.serveurcom.astreinte.ticket.NewTicket;
import com.serveurcom.astreinte.ticket.Priority;
import com.serveurcom.astreinte.ticket.Service;
import jakarta.mail.Multipart;
import jakarta.mail.internet.MimeMessage;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * E-mail end to end (issue 14): outbox rows written with their cause, sent by the paging engine to a
 * real SMTP server in-process (GreenMail) over TCP, with the database's record of each.
 */
class EmailDeliveryTest {
  @RegisterExtension
  static final TestDatabase db = new TestDatabase();

  static final String FROM = "astreinte@serveurcom.example";
  static final String CUSTOMER_EMAIL = "jean.client@acme.example";

  private PagingKit kit;
  private int port;
  private RefusingGreenMail smtp;

  @BeforeEach
  void setUp() throws Exception {
    kit = new PagingKit(db.database());
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    smtp = startSmtp();
  }

  @AfterEach
  void tearDown() {
    if (smtp != null) {
      smtp.stop();
    }
    kit.close();
  }

  private RefusingGreenMail startSmtp() {
    RefusingGreenMail g = new RefusingGreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
    g.start();
    return g;
  }

  private Mailing mailing() {
    MailSettings s = MailSettings.of("smtp://127.0.0.1:" + port, null, null, FROM).orElseThrow()
        .withTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(5));
    return Mailing.smtp(s, Optional.of(PagingKit.PUBLIC));
  }

  private PagingEngine engine(String worker, Mailing mailing) {
    return new PagingEngine(kit.database, kit.outbox, () -> kit.rota, () -> ShippedTexts.TEXTS, kit.pager, kit.voice,
        kit.links, kit.metrics, PagingHealth.NONE, PagingEngine.Settings.defaults(worker), mailing);
  }

  private static int drain(PagingEngine e, Instant now) {
    int total = 0;
    for (int n; (n = e.runOnce(now)) > 0; ) {
      total += n;
    }
    return total;
  }

  private String ticketWithContactEmail(Priority p) {
    return kit.tickets.create(new NewTicket(kit.accountId, Service.TECHNICAL, "panne", p, "Serveur arrêté", null,
        "Jean Client", CUSTOMER_EMAIL, PagingKit.CUSTOMER), "test").number();
  }

  private List<MimeMessage> received(String ticket) throws Exception {
    List<MimeMessage> out = new ArrayList<>();
    for (MimeMessage m : smtp.getReceivedMessages()) {
      if (m.getSubject().contains(ticket)) {
        out.add(m);
      }
    }
    return out;
  }

  private static String text(MimeMessage m) throws Exception {
    Multipart alternative = (Multipart) m.getContent();
    return (String) alternative.getBodyPart(0).getContent();
  }

  private static String html(MimeMessage m) throws Exception {
    return (String) ((Multipart) m.getContent()).getBodyPart(1).getContent();
  }

  @Test
  void anEscalationReachesEveryContactOfTheLevelByEmail() throws Exception {
    String n = kit.openTicket(Priority.HIGH);
    EscalationMatrix matrix = EscalationMatrix.seed(Map.of(
        1, List.of(new Contact("Responsable support", "+33600000001", "n1@serveurcom.example"),
            new Contact("Adjointe support", "+33600000011", "n1b@serveurcom.example")),
        2, List.of(new Contact("Responsable opérations", "+33600000002", "n2@serveurcom.example"))));
    // Level 1 by e-mail only: its managers get no SMS.
    matrix = new EscalationMatrix(matrix.thresholds(), matrix.contacts(), null,
        Map.of(1, EnumSet.of(NoticeChannel.EMAIL)));
    EscalationMatrix m = matrix;
    EscalationEngine escalation = new EscalationEngine(kit.database, () -> m, at -> false, Duration.ofMinutes(15));
    // High: take charge within 30 min; level 1 from 15 min past it.
    Instant now = PagingKit.T0.plus(Duration.ofMinutes(30 + 16));
    kit.clock.set(now);
    escalation.runOnce(now);

    drain(engine("w1", mailing()), now);

    List<MimeMessage> mails = received(n);
    assertThat(mails).hasSize(2);
    assertThat(mails.stream().map(this::to)).containsExactlyInAnyOrder("n1@serveurcom.example", "n1b@serveurcom.example");
    MimeMessage first = mails.get(0);
    assertThat(first.getSubject()).isEqualTo("[Astreinte Serveurcom] Demande " + n
        + " : escalade niveau 1 (prise en charge dépassée)");
    String body = text(first);
    assertThat(body).contains("La demande " + n + " du client ACME Transports (priorité élevée) a dépassé son échéance"
        + " de prise en charge de 16 min.").contains("Niveau d'escalade atteint : 1")
        .contains("Objet de la demande : Serveur arrêté")
        .contains("Fiche de la demande : https://astreinte.example.com/api/tickets/" + n)
        .doesNotContain("+33");
    assertThat(html(first)).contains("<a href=\"https://astreinte.example.com/api/tickets/" + n + "\">");
    String key = OutboxMessage.Email.key(EscalationEngine.escalationKey(n, "take_charge", 1), to(first));
    assertThat(first.getMessageID()).isEqualTo(MessageIds.of(key, "serveurcom.example"));
    assertThat(first.getHeader("Auto-Submitted")).containsExactly("auto-generated");
    assertThat(kit.sms()).as("level 1 is e-mail only").isEmpty();
    assertThat(new MailLog(kit.database).recent(10, n)).extracting(MailLog.Mail::status).containsOnly("sent");
  }

  @Test
  void aTakeChargeReachesTheCustomerAfterTheRegistrationEmail() throws Exception {
    String n = ticketWithContactEmail(Priority.HIGH);
    kit.register(n);
    PagingEngine engine = engine("w1", mailing());
    drain(engine, kit.clock.instant());
    kit.clock.advance(Duration.ofMinutes(7));
    kit.acks.takeChargeAs(n, "technicien:alice (sms)", "Alice Martin");
    drain(engine, kit.clock.instant());

    List<MimeMessage> mails = received(n);
    assertThat(mails).hasSize(2);
    assertThat(mails.stream().map(this::to)).containsOnly(CUSTOMER_EMAIL);
    MimeMessage registered = mails.stream().filter(m -> subject(m).contains("reçu")).findFirst().orElseThrow();
    assertThat(text(registered)).startsWith("Bonjour Jean Client,")
        .contains("Nous avons bien reçu votre message vocal du samedi 10 janvier 2026 à 23:00 concernant la demande " + n)
        .contains("dans les 30 minutes");
    MimeMessage taken = mails.stream().filter(m -> subject(m).contains("prise en charge")).findFirst().orElseThrow();
    assertThat(taken.getSubject()).isEqualTo("Serveurcom - votre demande " + n + " est prise en charge");
    assertThat(text(taken)).contains("Votre demande " + n + " a été prise en charge par Alice Martin, technicien"
        + " d'astreinte, le samedi 10 janvier 2026 à 23:07.").doesNotContain("+33");
    assertThat(kit.sms().stream().filter(s -> PagingKit.CUSTOMER.equals(s.param("To")))).as("the SMS too").hasSize(1);
  }

  @Test
  void aTakeChargeThroughTheApiNamesTheTechnicianOnDutyNotTheApi() throws Exception {
    String n = ticketWithContactEmail(Priority.HIGH);
    kit.register(n);
    PagingEngine engine = engine("w1", mailing());
    drain(engine, kit.clock.instant());
    kit.acks.takeChargeAs(n, "api", "api");
    drain(engine, kit.clock.instant());
    MimeMessage taken = received(n).stream().filter(m -> subject(m).contains("prise en charge")).findFirst()
        .orElseThrow();
    String onDuty = kit.rota.onDutyAt(kit.clock.instant()).primary().orElseThrow().name();
    assertThat(text(taken)).contains("prise en charge par " + onDuty + ", technicien").doesNotContain("par api");
  }

  /** Registers a request for ticket {@code n} with the relay stopped: its e-mail's first try fails. */
  private com.serveurcom.astreinte.database.generated.tables.records.MailDeliveryRecord registeredWhileTheRelayIsDown(
      String n, PagingEngine engine) {
    smtp.stop();
    smtp = null;
    kit.register(n);
    drain(engine, kit.clock.instant());
    var d = kit.database.dsl().selectFrom(MAIL_DELIVERY).where(MAIL_DELIVERY.TICKET_NUMBER.eq(n)).fetchOne();
    assertThat(d.getStatus()).isEqualTo("failed");
    return d;
  }

  /** Declined at 23:00 on a Saturday: the customer is told the support opens again on Monday at 08:30. */
  @Test
  void aDeclineTellsTheCustomerWhenTheSupportOpensAgain() throws Exception {
    var config = ((com.serveurcom.astreinte.config.ConfigLoadResult.Valid) com.serveurcom.astreinte.config.ConfigLoader
        .load(java.nio.file.Path.of("..", "config"))).config();
    var withCalendar = new com.serveurcom.astreinte.ticket.TicketStore(kit.database, config.slaPolicy(), kit.clock);
    Acknowledgements acks = new Acknowledgements(kit.database, kit.outbox, withCalendar, () -> kit.rota,
        () -> ShippedTexts.TEXTS, kit.links, kit.metrics, kit.clock, () -> { });
    String n = ticketWithContactEmail(Priority.HIGH);
    kit.register(n);
    assertThat(acks.declineAs(n, "technicien:alice (web)", "demande commerciale").outcome())
        .isEqualTo(Ack.Outcome.ACCEPTED);
    drain(engine("w1", mailing()), kit.clock.instant());

    MimeMessage declined = received(n).stream().filter(m -> subject(m).contains("heures ouvrées")).findFirst()
        .orElseThrow();
    assertThat(text(declined)).contains("Motif : demande commerciale.")
        .contains("Elle sera traitée aux heures ouvrées, dès la réouverture du support, le lundi 12 janvier 2026 à 08:30.");
    assertThat(kit.sms().stream().filter(s -> PagingKit.CUSTOMER.equals(s.param("To"))).map(s -> s.param("Body")))
        .anySatisfy(body -> assertThat(body).contains("elle sera traitée aux heures ouvrées, dès la réouverture du"
            + " support le lundi 12 janvier à 08:30."));
  }

  @Test
  void smtpDownThenUpSendsTheEmailOnceAfter() throws Exception {
    String n = ticketWithContactEmail(Priority.HIGH);
    PagingEngine engine = engine("w1", mailing());
    var d = registeredWhileTheRelayIsDown(n, engine);
    assertThat(d.getError()).contains("injoignable");
    assertThat(kit.database.dsl().select(OUTBOX.STATUS).from(OUTBOX).where(OUTBOX.ID.eq(d.getOutboxId()))
        .fetchOne(OUTBOX.STATUS)).isEqualTo("pending");

    smtp = startSmtp();
    kit.clock.advance(Duration.ofSeconds(6));
    drain(engine, kit.clock.instant());
    kit.clock.advance(Duration.ofMinutes(10));
    drain(engine, kit.clock.instant());

    assertThat(received(n)).hasSize(1);
    d.refresh();
    assertThat(d.getStatus()).isEqualTo("sent");
    assertThat(d.getAttempts()).isEqualTo(2);
    assertThat(d.getSmtpReply()).startsWith("250");
  }

  @Test
  void aRowAnotherInstanceMovedMeanwhileIsNotFinishedHere() throws Exception {
    String n = ticketWithContactEmail(Priority.HIGH);
    kit.register(n);
    // Another instance took the row over between this one's read and its end of data: its "sending" is the
    // one that lands; here the compare-and-set finds the row moved (the trigger drops this update, as the
    // other instance's write would have made it match nothing).
    kit.database.dsl().execute("create function test_row_moved() returns trigger language plpgsql as "
        + "$$ begin return null; end $$");
    kit.database.dsl().execute("create trigger test_row_moved before update on mail_delivery for each row "
        + "when (new.status = 'sending') execute function test_row_moved()");
    try {
      PagingEngine engine = engine("w1", mailing());
      drain(engine, kit.clock.instant());
      assertThat(received(n)).as("the session is dropped before the end of the message").isEmpty();
      var d = kit.database.dsl().selectFrom(MAIL_DELIVERY).where(MAIL_DELIVERY.TICKET_NUMBER.eq(n)).fetchOne();
      assertThat(d.getStatus()).isEqualTo("prepared");
      assertThat(kit.database.dsl().select(OUTBOX.STATUS).from(OUTBOX).where(OUTBOX.ID.eq(d.getOutboxId()))
          .fetchOne(OUTBOX.STATUS)).isEqualTo("pending");
    } finally {
      kit.database.dsl().execute("drop trigger test_row_moved on mail_delivery");
      kit.database.dsl().execute("drop function test_row_moved()");
    }
  }

  @Test
  void aPermanentRefusalIsRecordedAndNotRetried() throws Exception {
    String n = kit.tickets.create(new NewTicket(kit.accountId, Service.TECHNICAL, "panne", Priority.HIGH, "Serveur arrêté",
        null, "Jean Client", RefusingGreenMail.REFUSED + "@acme.example", PagingKit.CUSTOMER), "test").number();
    kit.register(n);
    PagingEngine engine = engine("w1", mailing());
    drain(engine, kit.clock.instant());
    for (int i = 0; i < 3; i++) {
      kit.clock.advance(Duration.ofMinutes(5));
      drain(engine, kit.clock.instant());
    }

    var d = kit.database.dsl().selectFrom(MAIL_DELIVERY).where(MAIL_DELIVERY.TICKET_NUMBER.eq(n)).fetchOne();
    assertThat(d.getStatus()).isEqualTo("rejected");
    assertThat(d.getSmtpReply()).isEqualTo("550");
    assertThat(d.getError()).contains("550");
    assertThat(d.getAttempts()).isEqualTo(1);
    var row = kit.database.dsl().selectFrom(OUTBOX).where(OUTBOX.ID.eq(d.getOutboxId())).fetchOne();
    assertThat(row.getStatus()).isEqualTo("failed");
    assertThat(row.getAttempts()).isEqualTo(1);
    assertThat(received(n)).isEmpty();
  }

  @Test
  void twoEnginesOnOneDatabaseSendEachEmailOnce() throws Exception {
    List<String> numbers = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      String n = ticketWithContactEmail(Priority.HIGH);
      numbers.add(n);
      kit.register(n);
    }
    PagingEngine a = engine("instance-a", mailing());
    PagingEngine b = engine("instance-b", mailing());
    Instant now = kit.clock.instant();
    ExecutorService pool = Executors.newFixedThreadPool(2);
    Future<Integer> fa = pool.submit(() -> drain(a, now));
    Future<Integer> fb = pool.submit(() -> drain(b, now));
    int rows = fa.get() + fb.get();
    pool.shutdown();

    assertThat(rows).as("12 pages and 12 e-mails").isEqualTo(24);
    List<MimeMessage> mails = Arrays.stream(smtp.getReceivedMessages())
        .filter(m -> numbers.stream().anyMatch(subject(m)::contains)).toList();
    assertThat(mails).hasSize(12);
    Set<String> ids = new HashSet<>();
    for (MimeMessage m : mails) {
      assertThat(ids.add(m.getMessageID())).isTrue();
    }
  }

  @Test
  void withoutARelayEmailsAreKeptAndListed() throws Exception {
    String n = ticketWithContactEmail(Priority.MEDIUM);
    kit.register(n);
    drain(engine("w1", Mailing.kept(Optional.empty())), kit.clock.instant());

    List<MailLog.Mail> kept = new MailLog(kit.database).recent(10, n);
    assertThat(kept).hasSize(1);
    assertThat(kept.get(0).status()).isEqualTo("kept");
    assertThat(kept.get(0).transport()).isEqualTo("kept");
    assertThat(kept.get(0).subject()).isEqualTo("Serveurcom - votre demande " + n + " : message d'astreinte reçu");
    assertThat(kept.get(0).recipient()).isEqualTo(CUSTOMER_EMAIL);
    assertThat(received(n)).isEmpty();
    assertThat(kit.database.dsl().fetchCount(OUTBOX, OUTBOX.KIND.eq("email").and(OUTBOX.STATUS.eq("pending")))).isZero();
  }

  @Test
  void anUncertainEmailIsSentAgainOnlyOnAnAdministratorsWordAndOnlyOnce() throws Exception {
    String n = ticketWithContactEmail(Priority.HIGH);
    PagingEngine engine = engine("w1", mailing());
    var d = registeredWhileTheRelayIsDown(n, engine);
    // The next try died after the end of the data (process killed): the relay may have it.
    kit.database.dsl().update(MAIL_DELIVERY).set(MAIL_DELIVERY.STATUS, "sending").where(MAIL_DELIVERY.ID.eq(d.getId()))
        .execute();
    smtp = startSmtp();
    kit.clock.advance(Duration.ofMinutes(1));
    drain(engine, kit.clock.instant());
    assertThat(received(n)).as("never sent again by the engine itself").isEmpty();
    MailLog log = new MailLog(kit.database);
    assertThat(log.recent(10, n)).extracting(MailLog.Mail::status).containsExactly("uncertain");
    assertThat(log.recent(10, n).get(0).error()).as("this try's fate, not the earlier try's")
        .startsWith("pas de réponse après la fin du message");

    MailResends resends = new MailResends(kit.database);
    MailResends.Queued q = resends.resend(d.getId(), "admin", kit.clock.instant());
    drain(engine, kit.clock.instant());
    kit.clock.advance(Duration.ofMinutes(10));
    drain(engine, kit.clock.instant());

    assertThat(received(n)).hasSize(1);
    assertThat(received(n).get(0).getMessageID()).isEqualTo(MessageIds.of(q.idempotencyKey(), "serveurcom.example"))
        .isNotEqualTo(d.getMessageId());
    List<MailLog.Mail> both = log.recent(10, n);
    assertThat(both).extracting(MailLog.Mail::status).containsExactly("sent", "uncertain");

    assertThatThrownBy(() -> resends.resend(d.getId(), "admin", kit.clock.instant()))
        .isInstanceOfSatisfying(MailResends.Refused.class,
            r -> assertThat(r.reason()).isEqualTo(MailResends.Refusal.ALREADY_RESENT))
        .hasMessageContaining("déjà été renvoyé");
    assertThatThrownBy(() -> resends.resend(both.get(0).id(), "admin", kit.clock.instant()))
        .isInstanceOfSatisfying(MailResends.Refused.class,
            r -> assertThat(r.reason()).isEqualTo(MailResends.Refusal.NOT_RESENDABLE))
        .hasMessageContaining("« envoyé »");
    assertThatThrownBy(() -> resends.resend(987654321L, "admin", kit.clock.instant()))
        .isInstanceOfSatisfying(MailResends.Refused.class,
            r -> assertThat(r.reason()).isEqualTo(MailResends.Refusal.UNKNOWN));
    drain(engine, kit.clock.instant().plus(Duration.ofMinutes(30)));
    assertThat(received(n)).as("refused resends queue nothing").hasSize(1);
  }

  @Test
  void anEmailTheOutboxGaveUpOnIsShownAbandonedNotAsARetryToCome() throws Exception {
    String n = ticketWithContactEmail(Priority.HIGH);
    smtp.stop();
    smtp = null;
    kit.register(n);
    PagingEngine.Settings twoAttempts = new PagingEngine.Settings("w1", 20, Duration.ofMinutes(3), Duration.ofSeconds(5),
        Duration.ofMinutes(2), 2, 1);
    PagingEngine engine = new PagingEngine(kit.database, kit.outbox, () -> kit.rota, () -> ShippedTexts.TEXTS,
        kit.pager, kit.voice, kit.links, kit.metrics, PagingHealth.NONE, twoAttempts, mailing());
    drain(engine, kit.clock.instant());
    MailLog log = new MailLog(kit.database);
    assertThat(log.recent(10, n)).extracting(MailLog.Mail::status).containsExactly("failed");
    kit.clock.advance(Duration.ofSeconds(6));
    drain(engine, kit.clock.instant());

    MailLog.Mail m = log.recent(10, n).get(0);
    assertThat(m.status()).isEqualTo("abandoned");
    assertThat(MailLog.describe(m.status())).isEqualTo("abandonné après plusieurs échecs");
    smtp = startSmtp();
    new MailResends(kit.database).resend(m.id(), "admin", kit.clock.instant());
    drain(engine, kit.clock.instant());
    assertThat(received(n)).hasSize(1);
  }

  @Test
  void theRegistrationEmailTheDatabaseWritesIsReadByTheCodecAndWrittenBackTheSame() throws Exception {
    String n = ticketWithContactEmail(Priority.HIGH);
    long request = kit.register(n).requestId();
    var row = kit.database.dsl().selectFrom(OUTBOX).where(OUTBOX.KIND.eq("email"))
        .and(OUTBOX.IDEMPOTENCY_KEY.startsWith("email:oncall_request:" + request + ":")).fetchOne();
    OutboxMessage decoded = new OutboxCodec().decode(row.getKind(), row.getPayloadVersion(), row.getPayload().data());
    assertThat(decoded).isInstanceOfSatisfying(OutboxMessage.Email.class, e -> {
      assertThat(e.template()).isEqualTo("client-enregistree");
      assertThat(e.to()).isEqualTo(CUSTOMER_EMAIL);
      assertThat(e.toName()).isEqualTo("Jean Client");
      assertThat(e.ticket()).isEqualTo(n);
      assertThat(e.oncallRequest()).isEqualTo(request);
      assertThat(e.facts()).containsOnlyKeys("request", "received_at").containsEntry("request", n);
      assertThat(Instant.parse(e.facts().get("received_at"))).isEqualTo(kit.clock.instant().truncatedTo(
          java.time.temporal.ChronoUnit.SECONDS));
    });
    var mapper = new com.fasterxml.jackson.databind.ObjectMapper();
    assertThat(mapper.readTree(new OutboxCodec().encode(decoded).data()))
        .as("the trigger's JSON is the codec's JSON").isEqualTo(mapper.readTree(row.getPayload().data()));
  }

  private String to(MimeMessage m) {
    try {
      return ((jakarta.mail.internet.InternetAddress) m.getRecipients(jakarta.mail.Message.RecipientType.TO)[0])
          .getAddress();
    } catch (jakarta.mail.MessagingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String subject(MimeMessage m) {
    try {
      return m.getSubject();
    } catch (jakarta.mail.MessagingException e) {
      throw new IllegalStateException(e);
    }
  }
}

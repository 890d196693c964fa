package com.serveurcom.astreinte.pbx;

import static com.serveurcom.astreinte.database.generated.Tables.ONCALL_REQUEST;
import static com.serveurcom.astreinte.database.generated.Tables.PAGE_ATTEMPT;
import static com.serveurcom.astreinte.database.generated.Tables.TICKET_EVENT;
import static com.serveurcom.astreinte.pbx.PbxPagingRig.ALICE;
import static com.serveurcom.astreinte.pbx.PbxPagingRig.BOB;
import static com.serveurcom.astreinte.pbx.PbxPagingRig.await;
import static com.serveurcom.astreinte.pbx.PbxPagingRig.value;
import static org.assertj.core.api.Assertions.assertThat;

import com.serveurcom.astreinte.database.generated.tables.records.PageAttemptRecord;
import com.serveurcom.astreinte.simulator.AsteriskSimulator;
import com.serveurcom.astreinte.simulator.CallSpec;
import com.serveurcom.astreinte.simulator.FakeAmiServer;
import com.serveurcom.astreinte.simulator.SimulatedCallResult;
import com.serveurcom.astreinte.simulator.SimulatorSettings;
import com.serveurcom.astreinte.testing.TestDatabase;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Voice pages through the operator's Asterisk, end to end: the engine pages a real request, the AMI link
 * sends the Originate to the fake AMI server, the simulated Asterisk places the answered call on the real
 * FastAGI port, the {@code page} script acknowledges through the real database. Every figure below is
 * read back from PostgreSQL or from what crossed the AMI and FastAGI sockets.
 */
class AsteriskPagingScenariosTest {
  @RegisterExtension static final TestDatabase db = new TestDatabase();

  @Test
  void answeredAndTakenInChargeByKey() throws Exception {
    try (PbxPagingRig rig = new PbxPagingRig(db.database(), PbxPagingRig.asteriskFirst())) {
      rig.loginAmi();
      String n = rig.request();
      rig.keys = "5,1";
      rig.engine.runOnce(rig.clock.instant());
      await(() -> status(n).equals("taken_in_charge"), "take-charge by key 1");

      var originate = rig.originates().get(0);
      assertThat(value(originate, "Channel")).isEqualTo("PJSIP/" + ALICE.mobile() + "@trunk-operateur");
      assertThat(value(originate, "Context")).isEqualTo("astreinte-page");
      assertThat(value(originate, "Exten")).isEqualTo("s");
      assertThat(value(originate, "CallerID")).isEqualTo("\"Serveurcom astreinte\" <+33272646172>");
      assertThat(value(originate, "Timeout")).isEqualTo("30000");
      assertThat(value(originate, "Async")).isEqualTo("true");
      String pageId = value(originate, "ChannelId");
      assertThat(value(originate, "Variable")).isEqualTo("PAGE_ID=" + pageId);

      await(() -> rig.calls.size() == 1, "the page call's end");
      SimulatedCallResult call = rig.calls.get(0);
      assertThat(call.channel()).endsWith(";1");
      assertThat(call.prompts()).startsWith("astreinte/page-appuyez-touche", "astreinte/page-demande");
      assertThat(call.digitsSaid()).containsExactly(n);
      // Straight from the spool, without extension (with .wav Asterisk finds no file).
      assertThat(call.commands()).contains("STREAM FILE \"" + PbxPagingRig.SPOOL_MESSAGE + "\" \"\"");
      assertThat(call.prompts()).contains("astreinte/page-priorite-elevee", "astreinte/page-menu",
          "astreinte/page-prise-en-charge");
      assertThat(db.database().dsl().fetchValue(ONCALL_REQUEST.TAKEN_CHARGE_BY, ONCALL_REQUEST.TICKET_NUMBER.eq(n)))
          .isEqualTo("technicien:alice (voice)");
      PageAttemptRecord voice = voiceAttempt(n, ALICE.mobile());
      assertThat(voice.getProvider()).isEqualTo("asterisk");
      assertThat(voice.getProviderSid()).isEqualTo(pageId);
      await(() -> "taken".equals(voiceAttempt(n, ALICE.mobile()).getDeliveryStatus()), "outcome recorded");
      // The take-charge ended the chain: no follow-up left.
      assertThat(pendingFollowUps(n)).isZero();
    }
  }

  @Test
  void anotherServerFindsAPlacedPageBeforeItsAnswerIsRecorded() throws Exception {
    try (PbxPagingRig rig = new PbxPagingRig(db.database(), PbxPagingRig.asteriskFirst())) {
      rig.loginAmi();
      String n = rig.request();
      rig.keys = "5,1";
      rig.engine.runOnce(rig.clock.instant());
      await(() -> !rig.originates().isEmpty(), "the Originate");
      String pageId = value(rig.originates().get(0), "ChannelId");
      // As if the provider's answer were not written yet (it is, after the page's SMS): the id alone finds it.
      db.database().dsl().update(PAGE_ATTEMPT).setNull(PAGE_ATTEMPT.PROVIDER_SID)
          .where(PAGE_ATTEMPT.TICKET_NUMBER.eq(n)).execute();
      AsteriskPager otherServer = new AsteriskPager(() -> null, () -> null, db.database(), rig.clock,
          Duration.ofMillis(500), new io.micrometer.core.instrument.simple.SimpleMeterRegistry());
      var found = otherServer.find(pageId);
      assertThat(found).isPresent();
      assertThat(found.get().requestNumber()).isEqualTo(n);
      assertThat(otherServer.find("astreinte-page-000000000000000000000000")).isEmpty();
      assertThat(otherServer.find("astreinte-page-' or 1=1 --")).isEmpty();
    }
  }

  @Test
  void anOriginateWrittenButUnansweredIsNotPlacedAgainByTheFallback() throws Exception {
    // A link whose Originate reached Asterisk but whose answer timed out: Asterisk may be ringing already.
    PbxLink timingOut = new PbxLink() {
      @Override public boolean connected() {
        return true;
      }

      @Override public Answer originate(Originate o) throws PbxUnavailable {
        throw new PbxUnavailable("pas de réponse", null, true);
      }

      @Override public void listen(CallEvents listener) {
      }
    };
    AsteriskPager pager = new AsteriskPager(() -> timingOut, PbxPagingRig::asteriskFirst, db.database(),
        java.time.Clock.systemUTC(), Duration.ofMillis(100), new io.micrometer.core.instrument.simple.SimpleMeterRegistry());
    String token = "page:26000001:call-9#0|voice:alice";
    var receipt = pager.placeCall("+33639980001", "<Response/>", token);
    assertThat(receipt.sid()).isEqualTo(AsteriskPager.pageId(token));
    assertThat(pager.find(receipt.sid())).isPresent();

    PbxLink notSent = new PbxLink() {
      @Override public boolean connected() {
        return true;
      }

      @Override public Answer originate(Originate o) throws PbxUnavailable {
        throw new PbxUnavailable("lien AMI coupé", null);
      }

      @Override public void listen(CallEvents listener) {
      }
    };
    AsteriskPager down = new AsteriskPager(() -> notSent, PbxPagingRig::asteriskFirst, db.database(),
        java.time.Clock.systemUTC(), Duration.ofMillis(100), new io.micrometer.core.instrument.simple.SimpleMeterRegistry());
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> down.placeCall("+33639980001", "<Response/>", token))
        .isInstanceOf(com.serveurcom.astreinte.paging.PagingFailure.class);
  }

  @Test
  void putThroughToTheCustomerWithTheSupportNumberAsCallerId() throws Exception {
    try (PbxPagingRig rig = new PbxPagingRig(db.database(), PbxPagingRig.asteriskFirst())) {
      rig.simulator = new AsteriskSimulator(SimulatorSettings.defaults().withDialStatus("ANSWER"));
      rig.loginAmi();
      String n = rig.request();
      rig.keys = "7,4";
      rig.engine.runOnce(rig.clock.instant());
      await(() -> rig.calls.size() == 1, "the page call's end");
      SimulatedCallResult call = rig.calls.get(0);
      List<String> commands = call.commands();
      int callerId = indexOf(commands, "SET CALLERID");
      int dial = indexOf(commands, "EXEC");
      assertThat(callerId).as("caller id set before the Dial").isBetween(0, dial - 1);
      assertThat(commands.get(callerId)).contains("Serveurcom").contains("<" + PbxPagingRig.SUPPORT + ">");
      assertThat(commands.get(dial)).contains("Dial")
          .contains("PJSIP/" + PbxPagingRig.CUSTOMER + "@trunk-operateur,30,A(astreinte/page-annonce-client)");
      assertThat(status(n)).isEqualTo("taken_in_charge");
      var event = db.database().dsl().selectFrom(TICKET_EVENT).where(TICKET_EVENT.TICKET_NUMBER.eq(n))
          .and(TICKET_EVENT.KIND.eq("oncall_put_through")).fetchOne();
      assertThat(event).isNotNull();
      assertThat(event.getActor()).isEqualTo("technicien:alice (voice)");
      assertThat(event.getDetails().data()).contains("\"dial_status\": \"ANSWER\"").contains("\"talk_seconds\": 6");
    }
  }

  /** « Appeler le client » on the technician's page (issue 15): the PBX rings the technician, then the customer. */
  @Test
  void aCallAskedFromTheTechniciansPageRingsTheTechnicianThenPutsThemThrough() throws Exception {
    try (PbxPagingRig rig = new PbxPagingRig(db.database(), PbxPagingRig.asteriskFirst())) {
      rig.simulator = new AsteriskSimulator(SimulatorSettings.defaults().withDialStatus("ANSWER"));
      rig.loginAmi();
      String n = rig.request();
      long id = db.database().dsl().fetchValue(ONCALL_REQUEST.ID, ONCALL_REQUEST.TICKET_NUMBER.eq(n));
      // What the page's button does: take charge, then queue the call.
      rig.acks.takeChargeAs(n, "technicien:alice (web)", ALICE.name());
      db.database().transaction(tx -> com.serveurcom.astreinte.outbox.Outbox.enqueue(tx,
          new com.serveurcom.astreinte.outbox.OutboxMessage.CustomerCall(id, n, "alice"),
          com.serveurcom.astreinte.outbox.OutboxMessage.CustomerCall.key(n, id, 1), rig.clock.instant()));
      rig.keys = "5";
      rig.engine.runOnce(rig.clock.instant());
      await(() -> rig.calls.size() == 1, "the call's end");

      var originate = rig.originates().get(0);
      assertThat(value(originate, "Channel")).isEqualTo("PJSIP/" + ALICE.mobile() + "@trunk-operateur");
      assertThat(value(originate, "Context")).isEqualTo("astreinte-page");
      SimulatedCallResult call = rig.calls.get(0);
      assertThat(call.prompts()).as("the pickup check, then straight to the customer: no page, no menu")
          .startsWith("astreinte/page-appuyez-touche", "astreinte/page-mise-en-relation")
          .doesNotContain("astreinte/page-demande", "astreinte/page-menu");
      List<String> commands = call.commands();
      assertThat(commands.get(indexOf(commands, "SET CALLERID"))).contains("<" + PbxPagingRig.SUPPORT + ">");
      assertThat(commands.get(indexOf(commands, "EXEC"))).contains("Dial")
          .contains("PJSIP/" + PbxPagingRig.CUSTOMER + "@trunk-operateur,30,A(astreinte/page-annonce-client)");
      assertThat(status(n)).isEqualTo("taken_in_charge");
      assertThat(db.database().dsl().fetchCount(TICKET_EVENT, TICKET_EVENT.TICKET_NUMBER.eq(n)
          .and(TICKET_EVENT.KIND.eq("oncall_put_through")))).isEqualTo(1);
      PageAttemptRecord voice = voiceAttempt(n, ALICE.mobile());
      assertThat(voice.getProvider()).isEqualTo("asterisk");
      assertThat(voice.getIdempotencyToken()).contains(":rappel-client:1");
      assertThat(rig.originates()).as("one call only: the page of the chain was not sent, it is taken").hasSize(1);
    }
  }

  @Test
  void aCallAskedForARequestNoLongerTakenInChargeIsNotPlaced() throws Exception {
    try (PbxPagingRig rig = new PbxPagingRig(db.database(), PbxPagingRig.asteriskFirst())) {
      rig.loginAmi();
      String n = rig.request();
      long id = db.database().dsl().fetchValue(ONCALL_REQUEST.ID, ONCALL_REQUEST.TICKET_NUMBER.eq(n));
      rig.acks.declineAs(n, "technicien:alice (web)", "pas moi");
      db.database().transaction(tx -> com.serveurcom.astreinte.outbox.Outbox.enqueue(tx,
          new com.serveurcom.astreinte.outbox.OutboxMessage.CustomerCall(id, n, "alice"),
          com.serveurcom.astreinte.outbox.OutboxMessage.CustomerCall.key(n, id, 1), rig.clock.instant()));
      rig.engine.runOnce(rig.clock.instant());
      assertThat(rig.originates()).isEmpty();
      assertThat(db.database().dsl().fetchValue(com.serveurcom.astreinte.database.generated.Tables.OUTBOX.STATUS,
          com.serveurcom.astreinte.database.generated.Tables.OUTBOX.IDEMPOTENCY_KEY
              .eq(com.serveurcom.astreinte.outbox.OutboxMessage.CustomerCall.key(n, id, 1)))).isEqualTo("sent");
    }
  }

  @Test
  void customerNotAnsweringLeavesTheRequestTakenInCharge() throws Exception {
    try (PbxPagingRig rig = new PbxPagingRig(db.database(), PbxPagingRig.asteriskFirst())) {
      rig.simulator = new AsteriskSimulator(SimulatorSettings.defaults().withDialStatus("NOANSWER"));
      rig.loginAmi();
      String n = rig.request();
      rig.keys = "7,4";
      rig.engine.runOnce(rig.clock.instant());
      await(() -> rig.calls.size() == 1, "the page call's end");
      assertThat(rig.calls.get(0).prompts()).endsWith("astreinte/page-client-injoignable");
      assertThat(status(n)).isEqualTo("taken_in_charge");
      assertThat(db.database().dsl().fetchValue(TICKET_EVENT.DETAILS,
          TICKET_EVENT.TICKET_NUMBER.eq(n).and(TICKET_EVENT.KIND.eq("oncall_put_through"))).data())
          .contains("NOANSWER");
    }
  }

  @Test
  void noAnswerThenBusyThenVoicemailPickupKeepTheChainGoingToTheBackup() throws Exception {
    try (PbxPagingRig rig = new PbxPagingRig(db.database(), PbxPagingRig.asteriskFirst())) {
      rig.ami.setNoAnswerAfter(Duration.ofMillis(50));
      List<FakeAmiServer.Phone> phones = new java.util.concurrent.CopyOnWriteArrayList<>(List.of(
          FakeAmiServer.Phone.NO_ANSWER, FakeAmiServer.Phone.BUSY, FakeAmiServer.Phone.ANSWER,
          FakeAmiServer.Phone.ANSWER, FakeAmiServer.Phone.ANSWER));
      rig.ami.setPhones(a -> phones.isEmpty() ? FakeAmiServer.Phone.ANSWER : phones.remove(0));
      rig.keys = "-,-,-,-";  // a mobile's voicemail: nobody presses a key
      rig.loginAmi();
      String n = rig.request();

      rig.engine.runOnce(rig.clock.instant());
      await(() -> "no-answer".equals(voiceAttempt(n, ALICE.mobile(), 0).getDeliveryStatus()), "no answer recorded");
      rig.clock.advance(Duration.ofMinutes(5));
      rig.engine.runOnce(rig.clock.instant());
      await(() -> "busy".equals(voiceAttempt(n, ALICE.mobile(), 1).getDeliveryStatus()), "busy recorded");
      rig.clock.advance(Duration.ofMinutes(5));
      rig.engine.runOnce(rig.clock.instant());
      await(() -> "no-key".equals(voiceAttempt(n, ALICE.mobile(), 2).getDeliveryStatus()), "voicemail pickup recorded");
      await(() -> rig.calls.size() == 1, "the voicemail's call ends");
      assertThat(rig.calls.get(0).prompts()).containsExactly("astreinte/page-appuyez-touche",
          "astreinte/page-appuyez-touche");
      assertThat(status(n)).as("nothing acknowledged").isEqualTo("paging");

      // 15 minutes: the backup is paged too, through Asterisk.
      rig.clock.advance(Duration.ofMinutes(5));
      rig.engine.runOnce(rig.clock.instant());
      await(() -> rig.originates().size() == 5, "the 15-minute page to both");
      assertThat(rig.originates().stream().map(a -> value(a, "Channel")).toList())
          .contains("PJSIP/" + BOB.mobile() + "@trunk-operateur");
      assertThat(status(n)).isEqualTo("paging");
      assertThat(rig.twilio.callsTaken()).as("no call went to Twilio").isEmpty();
    }
  }

  @Test
  void amiDownFallsBackToTwilio() throws Exception {
    try (PbxPagingRig rig = new PbxPagingRig(db.database(), PbxPagingRig.asteriskFirst())) {
      // The link is never logged in: down.
      String n = rig.request();
      rig.engine.runOnce(rig.clock.instant());
      PageAttemptRecord voice = voiceAttempt(n, ALICE.mobile());
      assertThat(voice.getProvider()).isEqualTo("twilio");
      assertThat(voice.getStatus()).isEqualTo("accepted");
      assertThat(rig.twilio.callsTaken()).hasSize(1);
      assertThat(rig.registry.get("astreinte.voice.fallbacks").tag("reason", "ami_down").counter().count())
          .isEqualTo(1.0);
      assertThat(rig.originates()).isEmpty();
    }
  }

  @Test
  void anAnnouncementGoesStraightToTheProviderThatCanSayIt() throws Exception {
    try (PbxPagingRig rig = new PbxPagingRig(db.database(), PbxPagingRig.asteriskFirst())) {
      rig.loginAmi();
      String msgId = "1700000000-" + System.nanoTime();
      orphan(rig, msgId);
      rig.engine.runOnce(rig.clock.instant());
      // The message without a request is said by Twilio at once: no Originate tried, no fallback counted.
      assertThat(rig.twilio.callsTaken()).hasSize(1);
      assertThat(rig.originates()).isEmpty();
      assertThat(rig.registry.find("astreinte.voice.fallbacks").counter()).isNull();
      assertThat(orphanVoiceProviders(msgId)).containsExactly("twilio");
    }
  }

  @Test
  void anAnnouncementNoProviderCanSayIsRefusedWithoutCallingAsterisk() throws Exception {
    var onlyAsterisk = new com.serveurcom.astreinte.rota.VoiceRoute(com.serveurcom.astreinte.rota.VoiceRoute.ASTERISK,
        java.util.Optional.empty(), PbxPagingRig.asteriskFirst().pbx());
    try (PbxPagingRig rig = new PbxPagingRig(db.database(), onlyAsterisk)) {
      rig.loginAmi();
      String msgId = "1700000001-" + System.nanoTime();
      orphan(rig, msgId);
      rig.engine.runOnce(rig.clock.instant());
      assertThat(rig.originates()).isEmpty();
      assertThat(rig.twilio.callsTaken()).isEmpty();
      var voice = db.database().dsl().selectFrom(PAGE_ATTEMPT).where(PAGE_ATTEMPT.CHANNEL.eq("voice"))
          .and(PAGE_ATTEMPT.PART_KEY.startsWith("orphan:msg:" + msgId)).fetchOne();
      assertThat(voice.getStatus()).isEqualTo("rejected");
      assertThat(voice.getError()).contains("synthèse vocale");
    }
  }

  @Test
  void theMessageIsPlayedFromTheSpoolAsAsteriskSeesIt() throws Exception {
    try (PbxPagingRig rig = new PbxPagingRig(db.database(), PbxPagingRig.asteriskFirst())) {
      String n = rig.request();
      // This server reads the spool at /var/spool/asterisk/voicemail (the rig's message); the PBX at /srv/pbx/voicemail.
      var twoHosts = com.serveurcom.astreinte.voicemail.VoicemailSettings.of("/var/spool/asterisk/voicemail", null, null,
          "/srv/pbx/voicemail");
      assertThat(PageFacts.read(db.database(), n, twoHosts::asteriskPath).orElseThrow().spoolMessage())
          .contains("/srv/pbx/voicemail/astreinte/100/INBOX/msg0001");
      assertThat(PageFacts.read(db.database(), n).orElseThrow().spoolMessage()).contains(PbxPagingRig.SPOOL_MESSAGE);

      // The live page call plays it from there.
      rig.spoolPath = twoHosts::asteriskPath;
      rig.loginAmi();
      rig.keys = "5,1";
      rig.engine.runOnce(rig.clock.instant());
      await(() -> rig.calls.size() == 1, "the page call's end");
      assertThat(rig.calls.get(0).commands())
          .contains("STREAM FILE \"/srv/pbx/voicemail/astreinte/100/INBOX/msg0001\" \"\"");
    }
  }

  private static void orphan(PbxPagingRig rig, String msgId) {
    db.database().transaction(tx -> com.serveurcom.astreinte.outbox.Outbox.enqueue(tx,
        new com.serveurcom.astreinte.outbox.OutboxMessage.OrphanPage(null, null, null, "0644444444", null, null, null,
            null, msgId, null, null, 12, null, null), "orphan:msg:" + msgId, rig.clock.instant()));
  }

  private static List<String> orphanVoiceProviders(String msgId) {
    return db.database().dsl().select(PAGE_ATTEMPT.PROVIDER).from(PAGE_ATTEMPT).where(PAGE_ATTEMPT.CHANNEL.eq("voice"))
        .and(PAGE_ATTEMPT.PART_KEY.startsWith("orphan:msg:" + msgId)).fetch(PAGE_ATTEMPT.PROVIDER);
  }

  @Test
  void originateRefusedFallsBackToTwilio() throws Exception {
    try (PbxPagingRig rig = new PbxPagingRig(db.database(), PbxPagingRig.asteriskFirst())) {
      rig.ami.setWriteClasses(Set.of("reporting")); // manager.conf as shipped before issue 13
      rig.loginAmi();
      String n = rig.request();
      rig.engine.runOnce(rig.clock.instant());
      assertThat(rig.originates()).hasSize(1);
      assertThat(voiceAttempt(n, ALICE.mobile()).getProvider()).isEqualTo("twilio");
      assertThat(rig.twilio.callsTaken()).hasSize(1);
      assertThat(rig.registry.get("astreinte.voice.fallbacks").tag("reason", "originate_refused").counter().count())
          .isEqualTo(1.0);
    }
  }

  @Test
  void aTrunkAsteriskCannotReachFallsBackToTwilio() throws Exception {
    try (PbxPagingRig rig = new PbxPagingRig(db.database(), PbxPagingRig.asteriskFirst())) {
      rig.ami.setPhones(a -> FakeAmiServer.Phone.UNKNOWN_TECHNOLOGY);
      rig.loginAmi();
      String n = rig.request();
      rig.engine.runOnce(rig.clock.instant());
      assertThat(voiceAttempt(n, ALICE.mobile()).getProvider()).isEqualTo("twilio");
      assertThat(rig.registry.get("astreinte.voice.fallbacks").tag("reason", "not_placed").counter().count())
          .isEqualTo(1.0);
    }
  }

  @Test
  void refusedWhileRingingIsNotAProviderFailure() throws Exception {
    try (PbxPagingRig rig = new PbxPagingRig(db.database(), PbxPagingRig.asteriskFirst())) {
      rig.ami.setPhones(a -> FakeAmiServer.Phone.REJECT);
      rig.loginAmi();
      String n = rig.request();
      rig.engine.runOnce(rig.clock.instant());
      await(() -> "rejected".equals(voiceAttempt(n, ALICE.mobile()).getDeliveryStatus()), "rejection recorded");
      assertThat(voiceAttempt(n, ALICE.mobile()).getProvider()).isEqualTo("asterisk");
      assertThat(rig.twilio.callsTaken()).isEmpty();
      assertThat(pendingFollowUps(n)).isEqualTo(1);
    }
  }

  @Test
  void anUnknownOrHandledPageIsToldSoAndHungUp() throws Exception {
    try (PbxPagingRig rig = new PbxPagingRig(db.database(), PbxPagingRig.asteriskFirst())) {
      SimulatedCallResult unknown = rig.simulator.call(CallSpec.builder("127.0.0.1", rig.agi.port())
          .script("page?id=astreinte-page-0000").callerId(PbxPagingRig.SUPPORT, "Serveurcom astreinte")
          .context(AsteriskSimulator.ORIGINATED_CONTEXT).extension("s").priority(2).keys("1").build());
      assertThat(unknown.prompts()).containsExactly("astreinte/page-inconnue");
      assertThat(unknown.hungUp()).isTrue();

      rig.loginAmi();
      String n = rig.request();
      rig.ami.setPhones(a -> FakeAmiServer.Phone.NO_ANSWER);
      rig.ami.setNoAnswerAfter(Duration.ofSeconds(5));
      rig.engine.runOnce(rig.clock.instant());
      String pageId = value(rig.originates().get(0), "ChannelId");
      rig.acks.takeChargeAs(n, "technicien:bob (web)", "Bob Durand");
      SimulatedCallResult late = rig.simulator.call(CallSpec.builder("127.0.0.1", rig.agi.port())
          .script("page?id=" + pageId).callerId(PbxPagingRig.SUPPORT, "Serveurcom astreinte")
          .context(AsteriskSimulator.ORIGINATED_CONTEXT).extension("s").priority(2).keys("1").build());
      assertThat(late.prompts()).containsExactly("astreinte/page-deja-traitee");
    }
  }

  /**
   * Issue 13: n1 and n2 come while Alice was just paged about n0: they wait, then one call through Asterisk
   * covers both: « il y a 2 demandes en attente », n1 (key 3: next), n2 (key 1: taken in charge).
   */
  @Test
  void twoRequestsWaitingAreCoveredByOneCallThroughAsterisk() throws Exception {
    try (PbxPagingRig rig = new PbxPagingRig(db.database(), PbxPagingRig.asteriskFirst())) {
      rig.loginAmi();
      String n0 = rig.request();
      rig.keys = "5,1";
      rig.engine.runOnce(rig.clock.instant());
      await(() -> status(n0).equals("taken_in_charge"), "n0 taken in charge");
      await(() -> rig.calls.size() == 1, "the first call's end");
      rig.clock.advance(Duration.ofSeconds(10));
      String n1 = rig.request();
      String n2 = rig.request();
      while (rig.engine.runOnce(rig.clock.instant()) > 0) {
        // both pages: held, a call and an SMS went to Alice less than a minute ago
      }
      assertThat(rig.originates()).hasSize(1);

      rig.clock.advance(Duration.ofSeconds(50));
      rig.keys = "5,3,1";
      while (rig.engine.runOnce(rig.clock.instant()) > 0) {
        // the person pages: one grouped SMS, one covering call
      }
      await(() -> status(n2).equals("taken_in_charge"), "n2 taken in charge by key 1 in the covering call");
      await(() -> rig.calls.size() == 2, "the covering call's end");
      assertThat(rig.originates()).hasSize(2);
      SimulatedCallResult call = rig.calls.get(1);
      assertThat(call.prompts()).startsWith("astreinte/page-appuyez-touche", "astreinte/page-groupe-il-y-a",
          "astreinte/page-groupe-demandes");
      assertThat(call.prompts()).contains("astreinte/page-groupe-menu", "astreinte/page-groupe-suivante",
          "astreinte/page-groupe-prise-en-charge");
      assertThat(call.digitsSaid()).containsExactly(n1, n2);
      assertThat(status(n1)).isEqualTo("paging");
      assertThat(rig.twilio.requests().stream().filter(r -> r.path().endsWith("/Messages.json")
          && r.method().equals("POST")).map(r -> r.param("Body")).toList())
          .anySatisfy(b -> assertThat(b).contains("2 demandes en attente : " + n1 + " (élevée), " + n2 + " (élevée)"));
    }
  }

  private static String status(String n) {
    return db.database().dsl().fetchValue(ONCALL_REQUEST.STATUS, ONCALL_REQUEST.TICKET_NUMBER.eq(n));
  }

  private static PageAttemptRecord voiceAttempt(String n, String phone) {
    return voiceAttempt(n, phone, -1);
  }

  /** The voice attempt to {@code phone} for request {@code n}: the {@code index}-th, or the latest for -1. */
  private static PageAttemptRecord voiceAttempt(String n, String phone, int index) {
    List<PageAttemptRecord> all = db.database().dsl().selectFrom(PAGE_ATTEMPT).where(PAGE_ATTEMPT.TICKET_NUMBER.eq(n))
        .and(PAGE_ATTEMPT.CHANNEL.eq("voice")).and(PAGE_ATTEMPT.RECIPIENT_PHONE.eq(phone))
        .orderBy(PAGE_ATTEMPT.ID).fetch();
    if (index < 0) {
      return all.get(all.size() - 1);
    }
    return index < all.size() ? all.get(index) : new PageAttemptRecord();
  }

  private static int pendingFollowUps(String n) {
    return db.database().dsl().fetchCount(com.serveurcom.astreinte.database.generated.Tables.OUTBOX,
        com.serveurcom.astreinte.database.generated.Tables.OUTBOX.STATUS.eq("pending")
            .and(com.serveurcom.astreinte.database.generated.Tables.OUTBOX.IDEMPOTENCY_KEY.startsWith("page:" + n + ":")));
  }

  private static int indexOf(List<String> commands, String prefix) {
    for (int i = 0; i < commands.size(); i++) {
      if (commands.get(i).startsWith(prefix)) {
        return i;
      }
    }
    return -1;
  }
}

package com.serveurcom.astreinte.call;

import com.serveurcom.astreinte.oncall.RefusalReason;
import com.serveurcom.astreinte.oncall.OnCallMessage;
import static org.assertj.core.api.Assertions.assertThat;

import com.serveurcom.astreinte.call.OnCallDesk.EscalationAnswer;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SupportLineTest {
  static final Instant AT = Instant.parse("2026-11-28T02:00:00Z");

  final List<CallRecord> records = new ArrayList<>();
  final List<OnCallMessage> registered = new ArrayList<>();
  boolean open;
  Optional<Boolean> agentsLoggedIn = Optional.of(true);
  boolean alreadyRegistered;
  RuntimeException deskFailure;
  Optional<String> transfer = Optional.empty();

  final OnCallDesk desk = new OnCallDesk() {
    final Map<String, RefusalReason> refusals = Map.of("26000004", RefusalReason.REQUEST_CLOSED, "26000002", RefusalReason.PRIORITY_NOT_ONCALL);

    @Override public RequestCheck check(String number, String callerId, Instant at) {
      if (deskFailure != null) throw deskFailure;
      if (number.equals("26000001")) return RequestCheck.ok();
      return RequestCheck.refused(refusals.getOrDefault(number, RefusalReason.UNKNOWN_REQUEST));
    }

    @Override public Registration register(OnCallMessage m) {
      registered.add(m);
      return new Registration(m.ticketNumber(), alreadyRegistered);
    }

    @Override public EscalationAnswer escalate(String number, String callerId, Instant at) {
      return number.equals("26000001") ? new EscalationAnswer(EscalationAnswer.Kind.LEVEL, 3, transfer)
          : new EscalationAnswer(EscalationAnswer.Kind.UNKNOWN_REQUEST, 0);
    }
  };

  SupportLine line() {
    return new SupportLine(i -> new LineSchedule.LineState(open, open ? "hours" : "weekend"), q -> agentsLoggedIn,
        desk, records::add, SupportLineSettings.defaults(), Clock.fixed(AT, ZoneOffset.UTC));
  }

  CallRecord call(String caller, String... keys) {
    ScriptedChannel ch = new ScriptedChannel(caller, keys);
    CallRecord r = line().answer(ch, AT);
    assertThat(records).containsExactly(r);
    return r;
  }

  @Test
  void everyRefusalIsSaidWithAPromptTheShippedConfigDefines() throws Exception {
    String prompts = java.nio.file.Files.readString(java.nio.file.Path.of("..", "config", "prompts.yaml"));
    for (RefusalReason reason : RefusalReason.values()) {
      String prompt = SupportLine.refusalPrompt(reason);
      assertThat(prompts).as("prompt of %s", reason).containsPattern("(?m)^" + java.util.regex.Pattern.quote(prompt) + ":");
    }
  }

  @Test
  void openLineRoutesToTheQueue() {
    open = true;
    assertThat(call("+33612345678", "-").outcome().line()).isEqualTo("routed queue=support");
  }

  @Test
  void openLineAttachesTheRequestNumberToTheCall() {
    open = true;
    ScriptedChannel ch = new ScriptedChannel("+33612345678", "26000001#");
    CallRecord r = line().answer(ch, AT);
    assertThat(ch.variables).containsEntry(SupportLine.REQUEST_VARIABLE, "26000001");
    assertThat(r.requestNumber()).isEqualTo("26000001");
    assertThat(ch.execs).contains("Queue support,,,,120");
  }

  @Test
  void noAgentLoggedInGivesTheFallbackNotASilentQueue() {
    open = true;
    agentsLoggedIn = Optional.of(false);
    ScriptedChannel ch = new ScriptedChannel("+33612345678", "-", "message");
    assertThat(line().answer(ch, AT).outcome().line()).isEqualTo("fallback");
    assertThat(ch.execs).noneMatch(e -> e.startsWith("Queue")).contains("VoiceMail 200@astreinte,s");
    assertThat(ch.played).contains("astreinte/hojo-aucun-conseiller");
  }

  @Test
  void queueTimeoutGivesTheFallback() {
    open = true;
    ScriptedChannel ch = new ScriptedChannel("+33612345678", "-");
    ch.variables.put("QUEUESTATUS", "TIMEOUT");
    assertThat(line().answer(ch, AT).outcome().line()).isEqualTo("fallback");
  }

  @Test
  void eligibleCallIsRegisteredAndTheNumberReadBack() {
    ScriptedChannel ch = new ScriptedChannel("+33612345678", "26000001#", "1", "message");
    CallRecord r = line().answer(ch, AT);
    assertThat(r.outcome().line()).isEqualTo("registered request=26000001");
    assertThat(r.callbackNumber()).isEqualTo("+33612345678");
    assertThat(ch.said).containsExactly("26000001");
    assertThat(registered).hasSize(1);
    assertThat(ch.hangupCommand).isTrue();
  }

  @Test
  void threeUnknownNumbersAreRefused() {
    CallRecord r = call("+33612345678", "99999999#", "99999998#", "99999997#");
    assertThat(r.outcome().line()).isEqualTo("refused reason=unknown_request");
    assertThat(registered).isEmpty();
  }

  @Test
  void threeSilencesAreNoRequestNumber() {
    assertThat(call("+33612345678", "-", "-", "-").outcome().line()).isEqualTo("refused reason=no_request_number");
  }

  @Test
  void eachRefusalHasItsOwnPrompt() {
    ScriptedChannel ch = new ScriptedChannel("+33612345678", "26000004#");
    assertThat(line().answer(ch, AT).outcome().line()).isEqualTo("refused reason=request_closed");
    assertThat(ch.played).contains("astreinte/refus-requete-cloturee");
  }

  @Test
  void anonymousCallerWithoutCallbackNumberIsNoContact() {
    CallRecord r = call(null, "26000001#", "-", "-", "-");
    assertThat(r.outcome().line()).isEqualTo("refused reason=no_contact");
    assertThat(registered).isEmpty();
  }

  @Test
  void anonymousCallerKeysACallbackNumber() {
    CallRecord r = call(null, "26000001#", "0611223344#", "message");
    assertThat(r.outcome().line()).isEqualTo("registered request=26000001");
    assertThat(r.callbackNumber()).isEqualTo("+33611223344");
  }

  @Test
  void invalidKeyedNumberIsAskedAgain() {
    CallRecord r = call(null, "26000001#", "12#", "0611223344#", "message");
    assertThat(r.callbackNumber()).isEqualTo("+33611223344");
  }

  @Test
  void pressTwoToKeyAnotherNumber() {
    CallRecord r = call("+33612345678", "26000001#", "2", "0611223344#", "message");
    assertThat(r.callbackNumber()).isEqualTo("+33611223344");
  }

  @Test
  void aKeyThatIsNoChoiceIsSaidToBeInvalid() {
    ScriptedChannel ch = new ScriptedChannel("+33612345678", "26000001#", "6", "-", "1", "message");
    CallRecord r = line().answer(ch, AT);
    assertThat(r.callbackNumber()).isEqualTo("+33612345678");
    assertThat(ch.played).containsSubsequence("astreinte/rappel-ce-numero", "astreinte/choix-invalide",
        "astreinte/rappel-ce-numero", "astreinte/choix-non-recu", "astreinte/rappel-ce-numero");
  }

  @Test
  void anUnknownNumberIsSaidWithoutListeningBeforeTheRetry() {
    ScriptedChannel ch = new ScriptedChannel("+33612345678", "99999999#", "26000001#", "1", "message");
    CallRecord r = line().answer(ch, AT);
    assertThat(r.outcome().line()).isEqualTo("registered request=26000001");
    // play() is STREAM FILE with no escape digit: keys queued after the first entry are dropped.
    assertThat(ch.played).containsSubsequence("astreinte/astreinte-saisir-numero", "astreinte/numero-inconnu",
        "astreinte/saisir-a-nouveau");
  }

  @Test
  void theLastUnknownNumberIsSaidOnceByTheRefusal() {
    ScriptedChannel ch = new ScriptedChannel("+33612345678", "99999999#", "99999998#", "99999997#");
    line().answer(ch, AT);
    assertThat(ch.played).filteredOn(p -> p.equals("astreinte/numero-inconnu")).hasSize(2);
    assertThat(ch.played).endsWith("astreinte/saisir-a-nouveau", "astreinte/refus-requete-inconnue");
  }

  @Test
  void noMessageIsRefused() {
    CallRecord r = call("+33612345678", "26000001#", "1", "nomessage");
    assertThat(r.outcome().line()).isEqualTo("refused reason=no_message");
    assertThat(registered).isEmpty();
  }

  @Test
  void messageThenHangupStillCounts() {
    ScriptedChannel ch = new ScriptedChannel("+33612345678", "26000001#", "1", "message-hangup");
    CallRecord r = line().answer(ch, AT);
    assertThat(r.outcome().line()).isEqualTo("registered request=26000001");
    assertThat(registered).hasSize(1);
    assertThat(ch.said).isEmpty();
  }

  @Test
  void hangupAtTheRequestNumberIsAbandonedThere() {
    CallRecord r = call("+33612345678", "hangup");
    assertThat(r.outcome().line()).isEqualTo("abandoned step=request_number");
    assertThat(registered).isEmpty();
  }

  @Test
  void secondCallAboutARegisteredRequestJoinsIt() {
    alreadyRegistered = true;
    ScriptedChannel ch = new ScriptedChannel("+33612345678", "26000001#", "1", "message");
    assertThat(line().answer(ch, AT).outcome().line()).isEqualTo("registered request=26000001");
    assertThat(ch.played).contains("astreinte/message-ajoute");
    assertThat(ch.said).containsExactly("26000001");
  }

  @Test
  void starGoesToTheEscalationLine() {
    CallRecord r = call("+33612345678", "*#", "26000001#");
    assertThat(r.outcome().line()).isEqualTo("escalation level=3");
    assertThat(r.route()).isEqualTo("escalation");
  }

  @Test
  void theEscalationLineConnectsTheCallerWhenConfigured() {
    transfer = Optional.of("PJSIP/+33272646103@operateur");
    ScriptedChannel ch = new ScriptedChannel("+33612345678", "*#", "26000001#");
    CallRecord r = line().answer(ch, AT);
    assertThat(r.outcome().line()).isEqualTo("escalation level=3");
    assertThat(ch.played).contains("astreinte/escalade-niveau-3", "astreinte/escalade-mise-en-relation");
    assertThat(ch.execs).contains("Dial PJSIP/+33272646103@operateur,45");
  }

  @Test
  void aFailingStoreNeverLeavesTheCallerInSilence() {
    deskFailure = new IllegalStateException("database down");
    ScriptedChannel ch = new ScriptedChannel("+33612345678", "26000001#", "message");
    CallRecord r = line().answer(ch, AT);
    assertThat(r.outcome().line()).isEqualTo("failed step=request_number");
    assertThat(ch.played).contains("astreinte/erreur-technique");
    assertThat(ch.execs).contains("VoiceMail 100@astreinte,s");
  }

  @Test
  void callbackNumbersAreNormalised() {
    assertThat(CallbackNumber.normalize("06 11 22 33 44")).contains("+33611223344");
    assertThat(CallbackNumber.normalize("0033611223344")).contains("+33611223344");
    assertThat(CallbackNumber.normalize("+4915112345678")).contains("+4915112345678");
    assertThat(CallbackNumber.normalize("0899123456")).isEmpty();
    assertThat(CallbackNumber.normalize("112")).isEmpty();
    assertThat(CallbackNumber.normalize("+33899123456")).isEmpty();
    assertThat(CallbackNumber.mask("+33612345678")).isEqualTo("+336******78");
  }
}

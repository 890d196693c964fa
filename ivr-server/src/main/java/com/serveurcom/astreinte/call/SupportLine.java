package com.serveurcom.astreinte.call;

import com.serveurcom.astreinte.oncall.OnCallMessage;
import com.serveurcom.astreinte.oncall.RefusalReason;
import com.serveurcom.astreinte.ticket.TicketNumbers;
import com.serveurcom.astreinte.call.OnCallDesk.EscalationAnswer;
import com.serveurcom.astreinte.call.OnCallDesk.Registration;
import com.serveurcom.astreinte.call.OnCallDesk.RequestCheck;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The support number's call flow: agents during opening hours, the on-call service outside
 * them, the escalation line on {@code *}. Shared by every call (it holds no call state); each
 * call runs in its own {@link Call}.
 */
public final class SupportLine {
  private static final Logger log = LoggerFactory.getLogger(SupportLine.class);

  /** Queue results after which the caller must not be left waiting: Asterisk's QUEUESTATUS values. */
  private static final Set<String> QUEUE_FAILURES =
      Set.of("TIMEOUT", "FULL", "JOINEMPTY", "LEAVEEMPTY", "JOINUNAVAIL", "LEAVEUNAVAIL");

  private static final Map<String, String> CLOSED_PROMPTS =
      Map.of(
          "weekend", "astreinte/ferme-weekend",
          "holiday", "astreinte/ferme-ferie",
          "closure", "astreinte/ferme-exceptionnel",
          "override", "astreinte/ferme-exceptionnel");

  /** The prompt of each refusal: a switch with no default, so a new reason without a prompt does not compile. */
  static String refusalPrompt(RefusalReason reason) {
    return switch (reason) {
      case UNKNOWN_REQUEST -> "astreinte/refus-requete-inconnue";
      case REQUEST_CLOSED -> "astreinte/refus-requete-cloturee";
      case REQUEST_NON_COMPLIANT -> "astreinte/refus-requete-non-conforme";
      case NO_ONCALL_OPTION -> "astreinte/refus-sans-option-astreinte";
      case SERVICE_NOT_COVERED -> "astreinte/refus-service-non-couvert";
      case PRIORITY_NOT_ONCALL -> "astreinte/refus-priorite";
      case NO_REQUEST_NUMBER -> "astreinte/refus-sans-numero";
      case NO_CONTACT -> "astreinte/refus-sans-coordonnees";
      case NO_MESSAGE -> "astreinte/refus-sans-message";
    };
  }

  /**
   * Keys read for a request number: the longest one there can be. Keys typed beyond what GET DATA
   * reads stay queued on the channel and would begin the next entry; every retry therefore starts
   * with a prompt that does not listen to keys, which reads them off the channel and drops them.
   */
  private static final int REQUEST_KEYS = TicketNumbers.MAX_LENGTH;

  public static final String REQUEST_VARIABLE = "ASTREINTE_REQUETE";
  public static final String OUTCOME_VARIABLE = "ASTREINTE_ISSUE";

  private final LineSchedule schedule;
  private final AgentQueue agents;
  private final OnCallDesk desk;
  private final CallLog callLog;
  private final SupportLineSettings settings;
  private final Clock clock;

  public SupportLine(
      LineSchedule schedule, AgentQueue agents, OnCallDesk desk, CallLog callLog, SupportLineSettings settings,
      Clock clock) {
    this.schedule = schedule;
    this.agents = agents;
    this.desk = desk;
    this.callLog = callLog;
    this.settings = settings;
    this.clock = clock;
  }

  /**
   * Runs one call to its end and records it.
   *
   * @param at the instant the flow decides as (now, or a dry run's {@code --at})
   */
  public CallRecord answer(CallChannel channel, Instant at) {
    return new Call(channel, at).run();
  }

  /** One call's state: the steps it went through and what it collected. */
  private final class Call {
    private final CallChannel channel;
    private final Instant at;
    private final Instant startedAt = clock.instant();
    private final List<String> steps = new ArrayList<>();
    private String route = "agents";
    private String requestNumber;
    private String callbackNumber;
    private String messageFile;
    /** The outcome once decided, so a hangup during the closing words does not change it. */
    private CallOutcome decided;

    Call(CallChannel channel, Instant at) {
      this.channel = channel;
      this.at = at;
    }

    CallRecord run() {
      CallOutcome outcome;
      try {
        outcome = flow();
        if (!channel.hungUp()) {
          channel.hangup();
        }
      } catch (CallerHungUp e) {
        if (decided != null) {
          outcome = decided;
        } else if (messageFile != null) {
          outcome = registerAfterHangup();
        } else {
          outcome = CallOutcome.abandoned(currentStep());
        }
      } catch (RuntimeException e) {
        // Our bug or a dependency down: the caller must not hear silence, and an emergency must
        // not be lost. Apologise and take a message on the on-call box; the voicemail bridge
        // pages messages that no request claims.
        log.error("appel {} : échec à l'étape {}", channel.uniqueId(), currentStep(), e);
        outcome = decided != null ? decided : CallOutcome.failed(currentStep());
        if (decided == null) {
          safetyNet();
        }
      }
      try {
        // Asterisk keeps serving SET VARIABLE on a dead channel: the outcome reaches the CDR
        // and the dialplan, and lets a simulated call print it.
        channel.setVariable(OUTCOME_VARIABLE, outcome.line());
      } catch (RuntimeException e) {
        log.debug("appel {} : variable de résultat non positionnée : {}", channel.uniqueId(), e.toString());
      }
      CallRecord record =
          new CallRecord(
              channel.uniqueId(), startedAt, at, Duration.between(startedAt, clock.instant()),
              channel.callerId().orElse(null), route, steps, outcome, requestNumber, callbackNumber, messageFile);
      try {
        callLog.record(record);
      } catch (RuntimeException e) {
        log.error("appel {} : impossible de l'enregistrer : {}", record.callId(), e.toString());
      }
      return record;
    }

    private CallOutcome registerAfterHangup() {
      try {
        return register();
      } catch (CallerHungUp alreadyGone) {
        return decided;
      }
    }

    private void safetyNet() {
      try {
        if (!channel.hungUp()) {
          channel.play("astreinte/erreur-technique");
          channel.exec("VoiceMail", settings.onCallMailbox() + ",s");
          channel.hangup();
        }
      } catch (RuntimeException e) {
        log.warn("appel {} : le message de secours n'a pas pu être pris : {}", channel.uniqueId(), e.toString());
      }
    }

    private String currentStep() {
      return steps.isEmpty() ? "greeting" : steps.get(steps.size() - 1);
    }

    private void step(String name) {
      steps.add(name);
    }

    private CallOutcome flow() {
      step("greeting");
      channel.answer();
      LineSchedule.LineState state = schedule.stateAt(at);
      channel.play("astreinte/bienvenue");
      return state.open() ? agentsFlow() : onCallFlow(state.reason());
    }

    // ---- opening hours: the agents ----

    private CallOutcome agentsFlow() {
      step("request_number");
      Optional<String> keys =
          channel.readDigits("astreinte/hojo-saisir-numero", settings.digitTimeout(), REQUEST_KEYS);
      if (keys.isPresent() && keys.get().startsWith("*")) {
        return escalationFlow();
      }
      if (keys.isPresent() && !keys.get().isEmpty()) {
        requestNumber = keys.get();
        // The agent's phone shows the channel variables: the request comes with the call.
        channel.setVariable(REQUEST_VARIABLE, requestNumber);
      }
      step("queue");
      if (agents.agentsLoggedIn(settings.queue()).orElse(true)) {
        channel.play("astreinte/hojo-mise-en-relation");
        channel.exec("Queue", settings.queue() + ",,,," + settings.queueTimeout().toSeconds());
        Optional<String> status = channel.variable("QUEUESTATUS");
        if (status.isEmpty() || !QUEUE_FAILURES.contains(status.get())) {
          return CallOutcome.routed(settings.queue());
        }
        log.info("appel {} : la file d'attente {} a répondu {}, repli sur le rappel", channel.uniqueId(), settings.queue(), status.get());
      }
      step("fallback");
      channel.play("astreinte/hojo-aucun-conseiller");
      channel.exec("VoiceMail", settings.fallbackMailbox() + ",s");
      return CallOutcome.fallback();
    }

    // ---- outside opening hours: the on-call service ----

    private CallOutcome onCallFlow(String closedReason) {
      route = "oncall";
      channel.play(CLOSED_PROMPTS.getOrDefault(closedReason, "astreinte/ferme-hors-horaires"));
      step("request_number");
      String prompt = "astreinte/astreinte-saisir-numero";
      RefusalReason lastRefusal = RefusalReason.NO_REQUEST_NUMBER;
      for (int attempt = 1; attempt <= settings.tries(); attempt++) {
        Optional<String> keys = channel.readDigits(prompt, settings.digitTimeout(), REQUEST_KEYS);
        if (keys.isEmpty() || keys.get().isEmpty()) {
          channel.play("astreinte/numero-non-recu");
          continue;
        }
        if (keys.get().startsWith("*")) {
          return escalationFlow();
        }
        String number = keys.get();
        RequestCheck check = desk.check(number, channel.callerId().orElse(null), at);
        if (check.eligible()) {
          requestNumber = number;
          return callbackStep();
        }
        if (check.refusal() != RefusalReason.UNKNOWN_REQUEST) {
          requestNumber = number;
          return refuse(check.refusal());
        }
        lastRefusal = RefusalReason.UNKNOWN_REQUEST;
        if (attempt < settings.tries()) {
          // Said without listening to keys: what the caller typed beyond the number is dropped,
          // and the next try starts clean. (After the last try, the refusal says it.)
          channel.play("astreinte/numero-inconnu");
          prompt = "astreinte/saisir-a-nouveau";
        }
      }
      return refuse(lastRefusal);
    }

    private CallOutcome callbackStep() {
      step("callback");
      Optional<String> fromCallerId = channel.callerId().flatMap(CallbackNumber::normalize);
      boolean keyAnother = fromCallerId.isEmpty();
      for (int attempt = 1; attempt <= settings.tries(); attempt++) {
        if (!keyAnother) {
          Optional<String> choice = channel.readDigits("astreinte/rappel-ce-numero", settings.digitTimeout(), 1);
          if (choice.isPresent() && choice.get().equals("1")) {
            callbackNumber = fromCallerId.get();
            return messageStep();
          }
          if (choice.isPresent() && choice.get().equals("2")) {
            keyAnother = true;
            attempt--; // choosing to key another number is not a failed try
            continue;
          }
          // A key that is no choice is said to be one; silence is said to be silence.
          channel.play(choice.isPresent() ? "astreinte/choix-invalide" : "astreinte/choix-non-recu");
          continue;
        }
        Optional<String> keyed = channel.readDigits("astreinte/rappel-saisir", settings.digitTimeout(), 15);
        Optional<String> number = keyed.flatMap(CallbackNumber::normalize);
        if (number.isPresent()) {
          callbackNumber = number.get();
          return messageStep();
        }
        channel.play(keyed.isPresent() ? "astreinte/rappel-invalide" : "astreinte/numero-non-recu");
      }
      return refuse(RefusalReason.NO_CONTACT);
    }

    private CallOutcome messageStep() {
      step("message");
      channel.play("astreinte/laisser-message");
      try {
        channel.exec("VoiceMail", settings.onCallMailbox() + ",s");
      } finally {
        // Asterisk still answers these on a dead channel: a message recorded before a hangup counts.
        if ("SUCCESS".equals(channel.variable("VMSTATUS").orElse(""))) {
          messageFile = channel.variable("VM_MESSAGEFILE").filter(f -> !f.isBlank()).orElse(null);
        }
      }
      if (messageFile == null) {
        return refuse(RefusalReason.NO_MESSAGE);
      }
      CallOutcome outcome = register();
      if (!channel.hungUp()) {
        step("confirmation");
        channel.play("astreinte/enregistre-debut");
        channel.sayDigits(requestNumber);
        // Journalled during a database outage: nothing was checked nor paged yet, and the caller hears only that.
        channel.play(registration.journaled() ? "astreinte/enregistre-a-verifier"
            : registration.addedToExisting() ? "astreinte/message-ajoute" : "astreinte/enregistre-fin");
      }
      return outcome;
    }

    private Registration registration;

    private CallOutcome register() {
      step("registered");
      // Received now, even in a dry run judged at another instant: the page goes out now, and the
      // technician's 30 minutes run in real time.
      registration =
          desk.register(
              new OnCallMessage(
                  requestNumber, callbackNumber, channel.callerId().orElse(null), messageFile, channel.uniqueId(),
                  clock.instant()));
      if (registration.journaled()) {
        // The call record says so: a replay that finds the request ineligible turns this call into a refusal.
        step("journaled");
      }
      decided = CallOutcome.registered(registration.requestNumber());
      return decided;
    }

    private CallOutcome refuse(RefusalReason reason) {
      step("refused");
      log.info("appel {} refusé : {}", channel.uniqueId(), reason.code());
      decided = CallOutcome.refused(reason.code());
      channel.play(refusalPrompt(reason));
      return decided;
    }

    // ---- the escalation line ----

    private CallOutcome escalationFlow() {
      route = "escalation";
      step("escalation");
      for (int attempt = 1; attempt <= settings.tries(); attempt++) {
        Optional<String> keys =
            channel.readDigits("astreinte/escalade-saisir-numero", settings.digitTimeout(), REQUEST_KEYS);
        if (keys.isEmpty() || keys.get().isEmpty() || keys.get().startsWith("*")) {
          channel.play("astreinte/numero-non-recu");
          continue;
        }
        requestNumber = keys.get();
        EscalationAnswer answer = desk.escalate(requestNumber, channel.callerId().orElse(null), at);
        switch (answer.kind()) {
          case UNKNOWN_REQUEST:
            return refuse(RefusalReason.UNKNOWN_REQUEST);
          case REQUEST_CLOSED:
            return refuse(RefusalReason.REQUEST_CLOSED);
          case NOT_ESCALABLE:
            decided = CallOutcome.escalation(0);
            channel.play("astreinte/escalade-impossible");
            return decided;
          default:
            decided = CallOutcome.escalation(answer.level());
            channel.play(answer.level() == 0
                ? "astreinte/escalade-aucun-depassement"
                : "astreinte/escalade-niveau-" + answer.level());
            if (answer.transferTo().isPresent()) {
              step("escalation_transfer");
              channel.play("astreinte/escalade-mise-en-relation");
              channel.exec("Dial", answer.transferTo().get() + ",45");
            }
            return decided;
        }
      }
      return refuse(RefusalReason.NO_REQUEST_NUMBER);
    }
  }
}

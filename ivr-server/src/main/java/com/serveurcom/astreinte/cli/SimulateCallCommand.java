package com.serveurcom.astreinte.cli;

import com.serveurcom.astreinte.call.SupportLine;
import com.serveurcom.astreinte.simulator.AsteriskSimulator;
import com.serveurcom.astreinte.simulator.SimulatedCallResult;
import com.serveurcom.astreinte.simulator.CallSpec;
import com.serveurcom.astreinte.simulator.QueueBehaviour;
import com.serveurcom.astreinte.simulator.SimulatorSettings;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * Places one simulated call on the running server, through its FastAGI port, exactly as
 * Asterisk 22 would: the way to try the line, or dry-run "what happens to a call at 12:45 on
 * Christmas Eve?".
 */
@Command(
    name = "simulate-call",
    description = "Passe un appel simulé sur le port FastAGI du serveur en marche, comme Asterisk 22, et affiche ce qui s'est passé.")
public final class SimulateCallCommand implements Callable<Integer> {

  static final class Caller {
    @Option(names = "--caller", paramLabel = "NUMERO", description = "Numéro de l'appelant, ex. +33612345678.", required = true)
    String number;

    @Option(names = "--anonymous", description = "Numéro masqué.", required = true)
    boolean anonymous;
  }

  @ArgGroup(exclusive = true, multiplicity = "1")
  Caller caller;

  @Option(names = "--keys", defaultValue = "",
      description = "Une entrée par invite qui lit des touches ou enregistre : chiffres (26000001#, *#), - (silence),"
          + " hangup (raccroche), message, nomessage, message-hangup. Exemple : \"26000001#,1,message\".")
  String keys;

  @Option(names = "--at", paramLabel = "INSTANT", description = "Juge l'appel comme à cet instant (ISO-8601 avec décalage) ; seul un serveur lancé avec --demo en tient compte.")
  String at;

  @Option(names = "--host", defaultValue = "127.0.0.1", description = "Hôte FastAGI (défaut : ${DEFAULT-VALUE}).")
  String host;

  @Option(names = "--port", defaultValue = "4573", description = "Port FastAGI (défaut : ${DEFAULT-VALUE}).")
  int port;

  @Option(names = "--no-agent", description = "Aucun conseiller ne répond dans la file (elle expire).")
  boolean noAgent;

  @Option(names = "--spool", paramLabel = "DIR",
      description = "Dossier voicemail d'Asterisk où déposer les messages, celui que lit le serveur"
          + " (défaut : $ASTREINTE_VOICEMAIL_SPOOL, sinon data/spool/voicemail, celui du serveur de démonstration).",
      defaultValue = "data/spool/voicemail")
  Path spool;

  @Option(names = "--quiet", description = "N'affiche que la ligne du résultat.")
  boolean quiet;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    String script = "support";
    if (at != null) {
      try {
        // In UTC with Z: a '+' offset would reach Asterisk's query string as a space.
        script += "?at=" + Instants.parse(at);
      } catch (IllegalArgumentException e) {
        err.println(ErrorLine.of(spec, "--at : " + e.getMessage()));
        return 2;
      }
    }
    CallSpec.Builder b = CallSpec.builder(host, port).script(script).keys(keys);
    // The simulated Asterisk's clock reads --at too: its voicemail is dated like the call.
    java.time.Clock pbxClock = at == null ? java.time.Clock.systemUTC()
        : java.time.Clock.offset(java.time.Clock.systemUTC(), Duration.between(java.time.Instant.now(), Instants.parse(at)));
    if (caller.anonymous) {
      b.anonymous();
    } else {
      b.callerId(caller.number, "Appel simule");
    }
    SimulatorSettings settings = SimulatorSettings.defaults()
        .withIdleLimit(Duration.ofSeconds(10))
        .withQueue(noAgent ? QueueBehaviour.noAgent() : QueueBehaviour.agentAnswers());
    if (spool != null) {
      // Like Asterisk, the simulator knows its spool directory and puts voicemail in its "voicemail"
      // folder; the server is given that folder, which is what --spool names.
      Path voicemail = spool.toAbsolutePath().normalize();
      if (voicemail.getFileName() == null || !voicemail.getFileName().toString().equals("voicemail")) {
        err.println(ErrorLine.of(spec, "--spool doit être le dossier voicemail d'Asterisk, qui finit par /voicemail"
            + " (ex. /var/spool/asterisk/voicemail), comme ASTREINTE_VOICEMAIL_SPOOL ; reçu " + spool));
        return 2;
      }
      settings = settings.withVoicemailSpool(voicemail.getParent());
    }
    SimulatedCallResult result = new AsteriskSimulator(settings, pbxClock).call(b.build());
    if (result.end() == SimulatedCallResult.End.CONNECT_FAILED) {
      err.println(ErrorLine.of(spec, "rien ne répond sur " + host + ":" + port + " ('bin/astreinte serve' est-il lancé ?)"));
      return 1;
    }
    if (!quiet) {
      out.print(result.printTranscript());
    }
    if (result.end() == SimulatedCallResult.End.IDLE_TIMEOUT) {
      err.println(ErrorLine.of(spec, "le serveur a gardé l'appel ouvert sans commande (un défaut)"));
    }
    String outcome = result.variablesSet().get(SupportLine.OUTCOME_VARIABLE);
    // "outcome: <codes>" stays as it is: scripts and the README read it (codes, not a sentence).
    out.println("outcome: " + (outcome == null ? "unknown" : outcome));
    if (outcome == null) {
      err.println(ErrorLine.of(spec, "le serveur n'a pas donné de résultat"));
    }
    out.flush();
    return 0;
  }
}

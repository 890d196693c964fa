package com.serveurcom.astreinte.cli;

import com.serveurcom.astreinte.call.SupportLine;
import com.serveurcom.astreinte.simulator.AsteriskSimulator;
import com.serveurcom.astreinte.simulator.CallResult;
import com.serveurcom.astreinte.simulator.CallSpec;
import com.serveurcom.astreinte.simulator.QueueBehaviour;
import com.serveurcom.astreinte.simulator.SimulatorSettings;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
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
    description = "Place one simulated call on the running server's FastAGI port and print what happened.")
public final class SimulateCallCommand implements Callable<Integer> {

  static final class Caller {
    @Option(names = "--caller", description = "Caller ID number, e.g. +33612345678.", required = true)
    String number;

    @Option(names = "--anonymous", description = "Withheld caller ID.", required = true)
    boolean anonymous;
  }

  @ArgGroup(exclusive = true, multiplicity = "1")
  Caller caller;

  @Option(names = "--keys", defaultValue = "",
      description = "One entry per prompt that reads keys or records: digits (26000001#, *#), - (silence),"
          + " hangup, message, nomessage, message-hangup. Example: \"26000001#,1,message\".")
  String keys;

  @Option(names = "--at", description = "Run the call as if at this instant (ISO-8601 with offset); honoured by a server started with --demo.")
  String at;

  @Option(names = "--host", defaultValue = "${env:ASTREINTE_AGI_HOST:-127.0.0.1}", description = "FastAGI host (default: ${DEFAULT-VALUE}).")
  String host;

  @Option(names = "--port", defaultValue = "${env:ASTREINTE_AGI_PORT:-4573}", description = "FastAGI port (default: ${DEFAULT-VALUE}).")
  int port;

  @Option(names = "--no-agent", description = "No agent answers in the queue (the queue times out).")
  boolean noAgent;

  @Option(names = "--spool", paramLabel = "DIR",
      description = "Asterisk's voicemail directory to write messages into, as the server reads it"
          + " (default: $ASTREINTE_VOICEMAIL_SPOOL, else data/spool/voicemail, the demo server's).",
      defaultValue = "${env:ASTREINTE_VOICEMAIL_SPOOL:-data/spool/voicemail}")
  Path spool;

  @Option(names = "--quiet", description = "Print only the outcome line.")
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
        script += "?at=" + OffsetDateTime.parse(at.trim()).toInstant().atOffset(ZoneOffset.UTC).toInstant();
      } catch (DateTimeParseException e) {
        err.println("simulate-call: --at must be ISO-8601 with an offset, e.g. 2026-12-24T12:45:00+01:00");
        return 2;
      }
    }
    CallSpec.Builder b = CallSpec.builder(host, port).script(script).keys(keys);
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
        err.println("simulate-call: --spool must be Asterisk's voicemail folder, ending in /voicemail"
            + " (e.g. /var/spool/asterisk/voicemail), as ASTREINTE_VOICEMAIL_SPOOL; got " + spool);
        return 2;
      }
      settings = settings.withVoicemailSpool(voicemail.getParent());
    }
    CallResult result = new AsteriskSimulator(settings).call(b.build());
    if (result.end() == CallResult.End.CONNECT_FAILED) {
      err.println("simulate-call: nothing answers on " + host + ":" + port + " (is 'bin/astreinte serve' running?)");
      return 1;
    }
    if (!quiet) {
      out.print(result.printTranscript());
    }
    if (result.end() == CallResult.End.IDLE_TIMEOUT) {
      err.println("simulate-call: the server kept the call open without a command (a defect)");
    }
    String outcome = result.variablesSet().get(SupportLine.OUTCOME_VARIABLE);
    out.println("outcome: " + (outcome == null ? "unknown (the server did not report one)" : outcome));
    out.flush();
    return 0;
  }
}

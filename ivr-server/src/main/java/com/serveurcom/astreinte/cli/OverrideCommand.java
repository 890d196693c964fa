package com.serveurcom.astreinte.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code override open|closed [--until INSTANT]}, {@code override clear}, {@code override show}:
 * the line's day/night toggle, through the running server (every change goes to its audit log).
 */
@Command(name = "override", description = "Force the line open or closed, or go back to the calendar (through the running server).",
    subcommands = {OverrideCommand.Open.class, OverrideCommand.Closed.class, OverrideCommand.Clear.class,
        OverrideCommand.Show.class})
final class OverrideCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getErr());
  }

  static void print(PrintWriter out, JsonNode s) {
    JsonNode o = s.path("override");
    out.println("ligne " + (s.path("open").asBoolean() ? "ouverte (conseillers)" : "fermée (astreinte)")
        + " : " + ApiCall.text(s, "reason") + ", prochain changement " + ApiCall.text(s, "next_change"));
    if (o.isObject()) {
      out.println("  forçage " + (o.path("open").asBoolean() ? "ouvert" : "fermé") + " depuis " + ApiCall.text(o, "since")
          + (o.path("until").isNull() ? ", jusqu'au prochain changement naturel (" + ApiCall.text(o, "ends") + ")"
              : " jusqu'au " + ApiCall.text(o, "until")));
    } else {
      out.println("  aucun forçage : le calendrier s'applique");
    }
  }

  abstract static class Force extends ApiCall {
    @Option(names = "--until", paramLabel = "INSTANT",
        description = "End of the override, ISO-8601 with an offset (default: the next natural change of the calendar).")
    String until;

    @Option(names = "--actor", description = "Who sets it, for the audit log (default: $USER).",
        defaultValue = "${env:USER:-cli}")
    String actor;

    abstract boolean open();

    @Override
    ApiClient.Response send(ApiClient client) throws ApiClient.Unreachable {
      ObjectNode body = client.mapper().createObjectNode().put("open", open()).put("actor", actor);
      if (until != null) {
        body.put("until", until);
      }
      return client.put("/api/override", body);
    }

    @Override
    void printText(PrintWriter out, JsonNode body) {
      print(out, body);
    }
  }

  @Command(name = "open", description = "Force the line open: calls go to the agents.")
  static final class Open extends Force {
    @Override
    boolean open() {
      return true;
    }
  }

  @Command(name = "closed", description = "Force the line closed: calls go to the on-call service.")
  static final class Closed extends Force {
    @Override
    boolean open() {
      return false;
    }
  }

  @Command(name = "clear", description = "Remove the override: the calendar decides again.")
  static final class Clear extends ApiCall {
    @Option(names = "--actor", defaultValue = "${env:USER:-cli}", description = "Who clears it, for the audit log.")
    String actor;

    @Override
    ApiClient.Response send(ApiClient client) throws ApiClient.Unreachable {
      return client.delete("/api/override?actor=" + java.net.URLEncoder.encode(actor, java.nio.charset.StandardCharsets.UTF_8));
    }

    @Override
    void printText(PrintWriter out, JsonNode body) {
      print(out, body);
    }
  }

  @Command(name = "show", description = "The line's state now and the override in force.")
  static final class Show extends ApiCall {
    @Override
    ApiClient.Response send(ApiClient client) throws ApiClient.Unreachable {
      return client.get("/api/override");
    }

    @Override
    void printText(PrintWriter out, JsonNode body) {
      print(out, body);
    }
  }
}

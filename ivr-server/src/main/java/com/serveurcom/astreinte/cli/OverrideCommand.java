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
@Command(name = "override", description = "Force la ligne ouverte ou fermée, ou revient au calendrier (par le serveur en marche).",
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
    String line = "ligne " + (s.path("open").asBoolean() ? "ouverte (conseillers)" : "fermée (astreinte)")
        + " : " + French.reason(ApiCall.text(s, "reason"));
    if (o.isObject()) {
      // One instant only: when the override ends. The calendar's own next change after it is
      // another instant, and printing both one line apart reads as a contradiction.
      out.println(line);
      out.println("  forçage " + (o.path("open").asBoolean() ? "ouvert" : "fermé") + " depuis le "
          + Instants.human(ApiCall.text(o, "since")) + ", jusqu'au "
          + (o.path("until").isNull() ? "prochain changement naturel du calendrier, le " + Instants.human(ApiCall.text(o, "ends"))
              : Instants.human(ApiCall.text(o, "until")))
          + " ; ensuite le calendrier s'applique");
    } else {
      out.println(line + ", prochain changement le " + Instants.human(ApiCall.text(s, "next_change")));
      out.println("  aucun forçage : le calendrier s'applique");
    }
  }

  abstract static class Force extends ApiCall {
    @Option(names = "--until", paramLabel = "INSTANT",
        description = "Fin du forçage, ISO-8601 avec décalage (défaut : le prochain changement naturel du calendrier).")
    String until;

    @Option(names = "--actor", description = "Qui le pose, pour le journal d'audit (défaut : $USER).",
        defaultValue = "cli")
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

  @Command(name = "open", description = "Force la ligne ouverte : les appels vont aux conseillers.")
  static final class Open extends Force {
    @Override
    boolean open() {
      return true;
    }
  }

  @Command(name = "closed", description = "Force la ligne fermée : les appels vont à l'astreinte.")
  static final class Closed extends Force {
    @Override
    boolean open() {
      return false;
    }
  }

  @Command(name = "clear", description = "Retire le forçage : le calendrier décide de nouveau.")
  static final class Clear extends ApiCall {
    @Option(names = "--actor", defaultValue = "cli", description = "Qui le retire, pour le journal d'audit (défaut : $USER).")
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

  @Command(name = "show", description = "L'état de la ligne maintenant et le forçage en vigueur.")
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

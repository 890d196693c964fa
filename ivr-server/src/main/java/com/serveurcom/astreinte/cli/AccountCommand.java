package com.serveurcom.astreinte.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code account create|show}: customer accounts, through the running server's API. */
@Command(name = "account", description = "Comptes clients (par l'API du serveur en marche).",
    subcommands = {AccountCommand.Create.class, AccountCommand.Show.class})
final class AccountCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getErr());
  }

  static void print(PrintWriter out, JsonNode a) {
    List<String> services = new ArrayList<>();
    a.path("oncall_services").forEach(s -> services.add(s.asText()));
    List<String> phones = new ArrayList<>();
    a.path("phones").forEach(s -> phones.add(s.asText()));
    out.println("compte " + text(a, "id") + "  " + text(a, "name"));
    out.println("  option astreinte : " + (a.path("oncall_option").asBoolean() ? "oui" : "non")
        + (services.isEmpty() ? "" : " (services : " + String.join(", ", services) + ")"));
    out.println("  téléphones : " + (phones.isEmpty() ? "-" : String.join(", ", phones)));
  }

  private static String text(JsonNode n, String f) {
    return ApiCall.text(n, f);
  }

  @Command(name = "create", description = "Crée un compte.")
  static final class Create extends ApiCall {
    @Option(names = "--name", required = true, description = "Nom du compte (unique).")
    String name;

    @Option(names = "--oncall", description = "Le contrat comprend l'astreinte.")
    boolean oncall;

    @Option(names = "--services", split = ",", paramLabel = "SERVICE",
        description = "Services couverts en astreinte : technical, commercial, administrative (défaut : technical).")
    List<String> services;

    @Option(names = "--phone", paramLabel = "E164", description = "Un numéro connu du client (répétable), ex. +33612345678.")
    List<String> phones;

    @Override
    ApiClient.Response send(ApiClient client) throws ApiClient.Unreachable {
      ObjectNode body = client.mapper().createObjectNode().put("name", name).put("oncall_option", oncall);
      if (services != null) {
        services.forEach(body.putArray("oncall_services")::add);
      }
      if (phones != null) {
        var a = body.putArray("phones");
        phones.forEach(a::add);
      }
      return client.post("/api/accounts", body);
    }

    @Override
    void printText(PrintWriter out, JsonNode body) {
      print(out, body);
    }
  }

  @Command(name = "show", description = "Affiche un compte.")
  static final class Show extends ApiCall {
    @Parameters(paramLabel = "ID", description = "Identifiant du compte.")
    long id;

    @Override
    ApiClient.Response send(ApiClient client) throws ApiClient.Unreachable {
      return client.get("/api/accounts/" + id);
    }

    @Override
    void printText(PrintWriter out, JsonNode body) {
      print(out, body);
    }
  }
}

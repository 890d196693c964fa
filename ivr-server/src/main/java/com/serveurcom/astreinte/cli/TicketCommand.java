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

/** {@code ticket create|show|list|event}: requests, through the running server's API. */
@Command(name = "ticket", description = "Demandes (tickets), par l'API du serveur en marche.",
    subcommands = {TicketCommand.Create.class, TicketCommand.Show.class, TicketCommand.ListTickets.class,
        TicketCommand.Event.class})
final class TicketCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getErr());
  }

  /** One line: number, status, priority, service, account, next deadline (Paris time), subject. */
  static String line(JsonNode t) {
    return String.format("%-12s %-20s priorité %-7s %-22s compte %-5s prochaine échéance %-19s %s",
        ApiCall.text(t, "number"), French.status(ApiCall.text(t, "status")), French.priorityAfterNoun(ApiCall.text(t, "priority")),
        French.service(ApiCall.text(t, "service")), ApiCall.text(t, "account_id"),
        Instants.local(Instants.fromApi(ApiCall.text(t, "next_deadline"))), ApiCall.text(t, "subject"));
  }

  static void printTicket(PrintWriter out, JsonNode t) {
    out.println(line(t));
    out.println("  contact : " + ApiCall.text(t, "contact_name") + ", " + ApiCall.text(t, "contact_phone") + ", "
        + ApiCall.text(t, "contact_email") + (t.path("compliant").asBoolean() ? "" : "  (incomplète : nom, téléphone et objet requis)"));
    out.println("  pris en charge par : " + ApiCall.text(t, "assignee") + "  motif : " + ApiCall.text(t, "motive"));
    out.println("  ouverte le " + Instants.human(ApiCall.text(t, "opened_at")) + ", prise en charge avant le "
        + Instants.local(Instants.fromApi(ApiCall.text(t, "take_charge_by"))) + ", résolution avant le "
        + Instants.local(Instants.fromApi(ApiCall.text(t, "resolve_by"))));
    if (!t.path("description").isMissingNode() && !t.path("description").isNull()) {
      out.println("  description : " + ApiCall.text(t, "description"));
    }
    JsonNode events = t.path("events");
    if (events.isArray()) {
      out.println("  historique (heure de Paris) :");
      for (JsonNode e : events) {
        out.println("    " + Instants.cell(Instants.fromApi(ApiCall.text(e, "at"))) + "  " + ApiCall.text(e, "actor")
            + "  " + French.event(ApiCall.text(e, "kind")) + details(e.path("details")));
      }
    }
  }

  /**
   * An event's details for a person: the known keys named in French, codes said in French, instants in
   * Paris time; an unknown key (a newer server) is shown as it is.
   */
  private static String details(JsonNode d) {
    if (!d.isObject() || d.isEmpty()) {
      return "";
    }
    List<String> parts = new ArrayList<>();
    d.fields().forEachRemaining(f -> {
      String key = f.getKey();
      JsonNode v = f.getValue();
      String value = v.isTextual() ? v.asText() : v.toString();
      if (v.isBoolean()) {
        value = v.asBoolean() ? "oui" : "non";
      } else if (key.contains("priority")) {
        value = French.priorityAfterNoun(value);
      } else if (key.contains("status")) {
        value = French.status(value);
      } else if (key.equals("deadline")) {
        value = French.deadline(value);
      } else if (v.isTextual() && value.matches("\\d{4}-\\d{2}-\\d{2}T.*")) {
        try {
          value = Instants.local(Instants.fromApi(value));
        } catch (RuntimeException notAnInstant) {
          // shown as it is
        }
      } else if (v.isArray()) {
        List<String> items = new ArrayList<>();
        v.forEach(i -> items.add(i.asText()));
        value = String.join(", ", items);
      }
      parts.add(DETAIL_LABELS.getOrDefault(key, key) + " : " + value);
    });
    return "  (" + String.join(" ; ", parts) + ")";
  }

  private static final java.util.Map<String, String> DETAIL_LABELS = java.util.Map.ofEntries(
      java.util.Map.entry("status", "état"), java.util.Map.entry("previous_status", "état précédent"),
      java.util.Map.entry("priority", "priorité"), java.util.Map.entry("previous_priority", "priorité précédente"),
      java.util.Map.entry("opened_at", "ouverte le"), java.util.Map.entry("assignee", "technicien"),
      java.util.Map.entry("text", "texte"), java.util.Map.entry("due", "échéance le"),
      java.util.Map.entry("deadline", "échéance"), java.util.Map.entry("level", "niveau"),
      java.util.Map.entry("notified", "prévenus"), java.util.Map.entry("overrun_s", "dépassement (s)"),
      java.util.Map.entry("skipped_levels", "niveaux sautés"), java.util.Map.entry("call", "appel"),
      java.util.Map.entry("message", "message"), java.util.Map.entry("callback", "rappel au"),
      java.util.Map.entry("oncall_request", "demande d'astreinte"), java.util.Map.entry("reason", "motif"));

  @Command(name = "create", description = "Ouvre une demande ; le serveur lui donne son numéro.")
  static final class Create extends ApiCall {
    @Option(names = "--account", required = true, description = "Identifiant du compte.") long account;
    @Option(names = "--service", required = true, description = "technical, commercial ou administrative.") String service;
    @Option(names = "--priority", required = true, description = "low, medium ou high.") String priority;
    @Option(names = "--subject", required = true, description = "Objet.") String subject;
    @Option(names = "--contact-name", description = "Nom du contact.") String contactName;
    @Option(names = "--contact-phone", paramLabel = "E164", description = "Téléphone du contact, ex. +33612345678.") String contactPhone;
    @Option(names = "--contact-email", description = "E-mail du contact.") String contactEmail;
    @Option(names = "--description", description = "Description.") String description;
    @Option(names = "--motive", description = "Motif.") String motive;
    @Option(names = "--actor", description = "Qui l'ouvre (défaut : api).") String actor;

    @Override
    ApiClient.Response send(ApiClient client) throws ApiClient.Unreachable {
      ObjectNode body = client.mapper().createObjectNode().put("account_id", account).put("service", service)
          .put("priority", priority).put("subject", subject);
      putIf(body, "contact_name", contactName);
      putIf(body, "contact_phone", contactPhone);
      putIf(body, "contact_email", contactEmail);
      putIf(body, "description", description);
      putIf(body, "motive", motive);
      putIf(body, "actor", actor);
      return client.post("/api/tickets", body);
    }

    @Override
    void printText(PrintWriter out, JsonNode body) {
      printTicket(out, body);
    }
  }

  @Command(name = "show", description = "Une demande avec ses échéances et son historique.")
  static final class Show extends ApiCall {
    @Parameters(paramLabel = "NUMERO", description = "Numéro de la demande.") String number;

    @Override
    ApiClient.Response send(ApiClient client) throws ApiClient.Unreachable {
      return client.get("/api/tickets/" + number(number));
    }

    @Override
    void printText(PrintWriter out, JsonNode body) {
      printTicket(out, body);
    }
  }

  @Command(name = "list", description = "Les demandes, les plus récentes d'abord.")
  static final class ListTickets extends ApiCall {
    @Option(names = "--status", split = ",", description = "new, in_progress, waiting_customer, resolved, closed (séparés par des virgules).")
    List<String> status;
    @Option(names = "--priority", split = ",", description = "low, medium, high (séparées par des virgules).") List<String> priority;
    @Option(names = "--account", description = "Identifiant du compte.") Long account;
    @Option(names = "--limit", description = "Nombre maximal (défaut 100, au plus 1000).") Integer limit;

    @Override
    ApiClient.Response send(ApiClient client) throws ApiClient.Unreachable {
      List<String> params = new ArrayList<>();
      if (status != null) {
        params.add("status=" + q(String.join(",", status)));
      }
      if (priority != null) {
        params.add("priority=" + q(String.join(",", priority)));
      }
      if (account != null) {
        params.add("account=" + account);
      }
      if (limit != null) {
        params.add("limit=" + limit);
      }
      return client.get("/api/tickets" + (params.isEmpty() ? "" : "?" + String.join("&", params)));
    }

    @Override
    void printText(PrintWriter out, JsonNode body) {
      for (JsonNode t : body.path("tickets")) {
        out.println(line(t));
      }
    }

    /** One ticket per line, so a script can read them as a stream. */
    @Override
    void printJson(PrintWriter out, JsonNode body) {
      for (JsonNode t : body.path("tickets")) {
        out.println(t.toString());
      }
    }
  }

  @Command(name = "event", description = "Enregistre un événement : comment (commentaire), take_charge (prise en charge), change_priority (priorité), resolve (résolution), close (clôture), reopen (réouverture).")
  static final class Event extends ApiCall {
    @Parameters(paramLabel = "NUMERO", description = "Numéro de la demande.") String number;
    @Option(names = "--kind", required = true, description = "comment, take_charge, change_priority, resolve, close ou reopen.") String kind;
    @Option(names = "--actor", description = "Qui le fait (défaut : api).") String actor;
    @Option(names = "--text", description = "Texte du commentaire, de la résolution ou motif de réouverture.") String text;
    @Option(names = "--assignee", description = "Technicien qui prend en charge (avec --kind take_charge).") String assignee;
    @Option(names = "--priority", description = "Nouvelle priorité (change_priority).") String priority;

    @Override
    ApiClient.Response send(ApiClient client) throws ApiClient.Unreachable {
      String n = number(number);
      ObjectNode body = client.mapper().createObjectNode().put("kind", kind);
      putIf(body, "actor", actor);
      putIf(body, "text", text);
      putIf(body, "assignee", assignee);
      putIf(body, "priority", priority);
      return client.post("/api/tickets/" + n + "/events", body);
    }

    @Override
    void printText(PrintWriter out, JsonNode body) {
      printTicket(out, body);
    }
  }

  private static void putIf(ObjectNode body, String field, String value) {
    if (value != null) {
      body.put(field, value);
    }
  }
}

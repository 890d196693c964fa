package com.serveurcom.astreinte.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code pages}: what was paged, newest first, read from the running server ({@code GET /api/pages}). */
@Command(name = "pages", description = "Alertes envoyées au technicien (ou journalisées sans Twilio), les plus récentes d'abord ; numéros masqués.")
final class PagesCommand extends ApiCall {
  @Option(names = "--limit", defaultValue = "50", description = "Combien (1 à 1000, défaut ${DEFAULT-VALUE}).")
  int limit;

  @Option(names = "--ticket", paramLabel = "NUMERO", description = "Seulement les alertes de cette demande.")
  String ticket;

  @Override
  ApiClient.Response send(ApiClient client) throws ApiClient.Unreachable {
    if (limit < 1 || limit > 1000) {
      throw new IllegalArgumentException("--limit doit être entre 1 et 1000");
    }
    return client.get("/api/pages?limit=" + limit + (ticket == null ? "" : "&ticket=" + number(ticket)));
  }

  private static String channel(String c) {
    return "voice".equals(c) ? "appel" : c.toUpperCase(java.util.Locale.ROOT);
  }

  private static String kind(String k) {
    return switch (k) {
      case "page" -> "alerte technicien";
      case "page_orphan" -> "message sans demande";
      case "page_followup" -> "relance technicien";
      case "customer_sms" -> "avis au client";
      case "escalation" -> "escalade";
      case "deadline_warning" -> "échéance proche";
      default -> k;
    };
  }

  static String state(String s) {
    return switch (s) {
      case "sending" -> "envoi en cours";
      case "accepted" -> "acceptée";
      case "failed" -> "échec";
      case "rejected" -> "refusée";
      default -> s;
    };
  }

  /**
   * What became of a call or an SMS, in French: the PBX's outcomes ({@code pbx.CallStatus}) and Twilio's
   * statuses ({@code DeliveryStatus.TWILIO_CALL}, {@code TWILIO_SMS}); a test checks every one has its text.
   */
  static String delivery(String d) {
    return switch (d) {
      // the PBX (pbx.CallStatus)
      case "answered" -> "décroché";
      case "no-answer" -> "sans réponse";
      case "busy" -> "occupé";
      case "congestion" -> "réseau saturé";
      case "rejected" -> "appel refusé";
      case "failed" -> "échec";
      case "no-key" -> "décroché sans touche, messagerie ?";
      case "hung-up" -> "raccroché avant de choisir";
      case "hung-up-before-key" -> "raccroché avant d'écouter";
      case "already-handled" -> "demande déjà traitée";
      case "no-choice" -> "écouté, aucun choix";
      case "taken" -> "prise en charge";
      case "declined" -> "demande refusée";
      // Twilio's calls and SMS
      case "accepted" -> "acceptée";
      case "scheduled" -> "programmée";
      case "queued" -> "en file d'attente";
      case "sending" -> "envoi en cours";
      case "sent" -> "envoyé";
      case "delivered" -> "remis";
      case "undelivered" -> "non remis";
      case "read" -> "lu";
      case "canceled" -> "annulé";
      case "initiated" -> "lancé";
      case "ringing" -> "sonne";
      case "in-progress" -> "en cours";
      case "completed" -> "terminé";
      default -> d;
    };
  }

  @Override
  void printJson(PrintWriter out, JsonNode body) {
    body.path("pages").forEach(p -> out.println(p.toString()));
  }

  @Override
  void printText(PrintWriter out, JsonNode body) {
    JsonNode pages = body.path("pages");
    if (pages.isEmpty()) {
      out.println("aucune alerte");
      return;
    }
    String format = "%-19s  %-5s %-24s %-12s %-22s %-14s %-9s %s";
    out.println(String.format(format, "le (heure de Paris)", "canal", "type", "demande", "destinataire", "numéro", "par",
        "état"));
    for (JsonNode p : pages) {
      String delivery = text(p, "delivery_status");
      out.println(String.format(format, Instants.cell(Instants.fromApi(text(p, "at"))), channel(text(p, "channel")),
          kind(text(p, "kind")), text(p, "ticket"), text(p, "recipient_name"), text(p, "recipient_masked"),
          text(p, "provider"), state(text(p, "status")) + (delivery.equals("-") ? "" : " (" + delivery(delivery) + ")")));
    }
  }
}

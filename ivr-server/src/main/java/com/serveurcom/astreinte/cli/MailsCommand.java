package com.serveurcom.astreinte.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.serveurcom.astreinte.mail.MailLog;
import java.io.PrintWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code mails}: the e-mails sent, failed or kept, newest first, read from the running server ({@code GET /api/mails}). */
@Command(name = "mails", description = "Courriels envoyés aux responsables et aux clients (ou conservés sans relais SMTP),"
    + " les plus récents d'abord.")
final class MailsCommand extends ApiCall {
  @Option(names = "--limit", defaultValue = "50", description = "Combien (1 à 1000, défaut ${DEFAULT-VALUE}).")
  int limit;

  @Option(names = "--ticket", paramLabel = "NUMERO", description = "Seulement les courriels de cette demande.")
  String ticket;

  @Option(names = "--texte", description = "Affiche aussi le texte de chaque courriel.")
  boolean withBody;

  @Option(names = "--resend", paramLabel = "N", description = "Renvoie le courriel n° N (colonne « n° ») : seulement"
      + " un courriel incertain (après avoir vérifié dans le journal du relais qu'il n'est pas parti), refusé par le"
      + " relais (adresse corrigée depuis) ou abandonné après plusieurs échecs ; une seule fois.")
  Long resend;

  @Override
  ApiClient.Response send(ApiClient client) throws ApiClient.Unreachable {
    if (resend != null) {
      if (resend < 1) {
        throw new IllegalArgumentException("--resend attend le numéro d'un courriel (colonne « n° » de astreinte mails)");
      }
      String by = System.getProperty("user.name", "admin");
      return client.post("/api/mails/" + resend + "/resend", java.util.Map.of("by", by));
    }
    if (limit < 1 || limit > 1000) {
      throw new IllegalArgumentException("--limit doit être entre 1 et 1000");
    }
    return client.get("/api/mails?limit=" + limit + (ticket == null ? "" : "&ticket=" + number(ticket)));
  }

  static String kind(String template) {
    return switch (template) {
      case "escalade" -> "escalade";
      case "echeance" -> "échéance proche";
      case "client-enregistree" -> "client : reçu";
      case "client-prise-en-charge" -> "client : pris en charge";
      case "client-refus" -> "client : hors astreinte";
      default -> template;
    };
  }

  static String state(String s) {
    return MailLog.describe(s);
  }

  @Override
  void printJson(PrintWriter out, JsonNode body) {
    if (resend != null) {
      out.println(body.toString());
      return;
    }
    body.path("mails").forEach(m -> out.println(m.toString()));
  }

  @Override
  void printText(PrintWriter out, JsonNode body) {
    if (resend != null) {
      out.println("courriel n° " + resend + " : une copie part dès que possible (elle figurera en tête de"
          + " « astreinte mails »)");
      return;
    }
    JsonNode mails = body.path("mails");
    if (mails.isEmpty()) {
      out.println("aucun courriel");
      return;
    }
    String format = "%-6s %-19s  %-24s %-12s %-32s %s";
    out.println(String.format(format, "n°", "le (heure de Paris)", "type", "demande", "destinataire", "état"));
    for (JsonNode m : mails) {
      String error = text(m, "error");
      out.println(String.format(format, text(m, "id"), Instants.cell(Instants.fromApi(text(m, "at"))),
          kind(text(m, "template")),
          text(m, "ticket"), text(m, "recipient"), state(text(m, "status"))
              + (error.equals("-") || text(m, "status").equals("sent") ? "" : " : " + error)));
      out.println("    objet : " + text(m, "subject"));
      if (withBody) {
        for (String line : text(m, "body").split("\n", -1)) {
          out.println("    | " + line);
        }
      }
    }
  }
}

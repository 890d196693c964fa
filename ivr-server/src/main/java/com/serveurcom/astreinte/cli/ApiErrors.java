package com.serveurcom.astreinte.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The API's errors said in French for the person at the shell. The API answers in English for the
 * programs that call it ({@code {"error": ..., "field": ...}}); the command line reads the status,
 * the field and the message and says the same thing in French. An unknown message still gets a
 * French sentence from its status and field.
 */
final class ApiErrors {
  private ApiErrors() {}

  /** English message (or its start) -> French. Order matters: the first prefix that matches wins. */
  private static final Map<String, String> MESSAGES = new LinkedHashMap<>();

  static {
    MESSAGES.put("an account with this name already exists", "un compte porte déjà ce nom");
    MESSAGES.put("a request with this number already exists", "une demande porte déjà ce numéro");
    MESSAGES.put("no account with this id", "aucun compte avec cet identifiant");
    MESSAGES.put("no request with this number", "aucune demande avec ce numéro");
    MESSAGES.put("no e-mail with this number", "aucun courriel avec ce numéro");
    MESSAGES.put("an e-mail number is digits only", "le numéro d'un courriel ne contient que des chiffres");
    MESSAGES.put("only an uncertain, rejected or abandoned e-mail can be sent again",
        "seul un courriel incertain, refusé par le relais ou abandonné peut être renvoyé");
    MESSAGES.put("this e-mail was already sent again",
        "ce courriel a déjà été renvoyé une fois : sa copie est dans « astreinte mails »");
    MESSAGES.put("unknown account", "compte inconnu");
    MESSAGES.put("unknown service", "service inconnu (attendu technical, commercial ou administrative)");
    MESSAGES.put("unknown priority", "priorité inconnue (attendu low, medium ou high)");
    MESSAGES.put("unknown field", "champ inconnu");
    MESSAGES.put("required", "obligatoire");
    MESSAGES.put("must be a positive integer", "doit être un entier positif");
    MESSAGES.put("phone number must be E.164", "numéro au format international attendu, par exemple +33612345678");
    MESSAGES.put("phone number must not be empty", "numéro de téléphone vide");
    MESSAGES.put("not an e-mail address", "adresse e-mail invalide");
    MESSAGES.put("control characters are not allowed", "caractères de contrôle interdits");
    MESSAGES.put("longer than", "texte trop long");
    MESSAGES.put("at most", "trop de valeurs ou texte trop long");
    MESSAGES.put("not used by kind", "ce champ ne sert pas à ce type d'événement");
    MESSAGES.put("until must be in the future", "la fin (--until) doit être dans le futur");
    MESSAGES.put("until must be ISO-8601", "la fin (--until) doit être une date ISO-8601 avec décalage, ex. 2026-12-24T14:00:00+01:00");
    MESSAGES.put("request number must be 4 to 12 digits", "un numéro de demande a 4 à 12 chiffres");
    MESSAGES.put("limit must be", "--limit doit être entre 1 et 1000");
    MESSAGES.put("format must be", "format attendu csv, html ou json");
    MESSAGES.put("unknown report", "rapport inconnu (attendu sla, oncall ou availability)");
    MESSAGES.put("missing or invalid bearer token", "jeton d'API absent ou refusé (ASTREINTE_API_TOKEN ou <données>/api-token)");
    MESSAGES.put("internal error", "erreur interne du serveur (voir son journal)");
    MESSAGES.put("invalid", "valeur invalide");
  }

  /** The French sentence for an error answer: message, then the field at fault when there is one. */
  static String french(int status, JsonNode body) {
    String error = body.path("error").asText("");
    String field = body.path("field").asText(null);
    String fr = null;
    for (Map.Entry<String, String> e : MESSAGES.entrySet()) {
      if (error.startsWith(e.getKey())) {
        fr = e.getValue();
        break;
      }
    }
    if (fr == null) {
      // Transition messages name the kind of event and the status: codes, kept as such.
      if (status == 409 && "kind".equals(field)) {
        fr = "transition refusée par l'état de la demande";
      } else {
        fr = byStatus(status);
      }
    }
    if (error.startsWith("compte inconnu") || error.startsWith("la date de fin")) {
      // The reports already answer in French.
      fr = error;
    }
    return field == null ? fr : fr + " (champ " + field + ")";
  }

  private static String byStatus(int status) {
    return switch (status) {
      case 400 -> "requête refusée par le serveur";
      case 401 -> "jeton d'API absent ou refusé";
      case 403 -> "action non autorisée";
      case 404 -> "introuvable";
      case 405 -> "méthode non acceptée par le serveur";
      case 409 -> "conflit avec l'état actuel";
      case 413 -> "requête trop grosse";
      case 415 -> "type de contenu refusé";
      case 503 -> "serveur indisponible";
      default -> "le serveur a répondu HTTP " + status;
    };
  }
}

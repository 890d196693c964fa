package com.serveurcom.astreinte.report;

import java.util.Map;

/** French names of call outcomes and refusal reasons, as managers read them. */
public final class ReportLabels {
  private ReportLabels() {}

  private static final Map<String, String> OUTCOMES = Map.of(
      "routed", "orienté vers les agents",
      "registered", "demande d'astreinte enregistrée",
      "refused", "refusé",
      "abandoned", "abandonné",
      "fallback", "repli (messagerie de rappel)",
      "escalation", "escalade demandée",
      "failed", "échec technique");

  private static final Map<String, String> REASONS = Map.of(
      "unknown_request", "demande inconnue",
      "request_closed", "demande clôturée",
      "request_non_compliant", "demande non conforme",
      "no_oncall_option", "pas d'option astreinte",
      "service_not_covered", "service non couvert",
      "priority_not_oncall", "priorité hors astreinte",
      "message_non_compliant", "message non conforme");

  /** {@code refused:unknown_request} -> "refusé : demande inconnue"; unknown codes are kept as they are. */
  public static String outcome(String key) {
    int colon = key.indexOf(':');
    if (colon < 0) {
      return OUTCOMES.getOrDefault(key, key);
    }
    String reason = key.substring(colon + 1);
    return OUTCOMES.getOrDefault(key.substring(0, colon), key.substring(0, colon)) + " : "
        + REASONS.getOrDefault(reason, reason);
  }
}

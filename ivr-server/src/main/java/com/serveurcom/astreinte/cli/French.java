package com.serveurcom.astreinte.cli;

import com.serveurcom.astreinte.calendar.Reason;
import com.serveurcom.astreinte.ticket.Priority;
import com.serveurcom.astreinte.ticket.Service;
import com.serveurcom.astreinte.ticket.TicketStatus;

/**
 * The French words for the codes the API and the JSON keep in English, so that a code never
 * stands in a French sentence. An unknown code (a newer server) is shown as it is.
 */
final class French {
  private French() {}

  static String priority(String code) {
    try {
      return Priority.fromCode(code).french();
    } catch (IllegalArgumentException e) {
      return code;
    }
  }

  /** After the feminine « priorité »: « priorité élevée ». */
  static String priorityAfterNoun(Priority p) {
    return switch (p) {
      case LOW -> "faible";
      case MEDIUM -> "moyenne";
      case HIGH -> "élevée";
    };
  }

  static String priorityAfterNoun(String code) {
    try {
      return priorityAfterNoun(Priority.fromCode(code));
    } catch (IllegalArgumentException e) {
      return code;
    }
  }

  static String status(String code) {
    try {
      return TicketStatus.fromCode(code).french();
    } catch (IllegalArgumentException e) {
      return code;
    }
  }

  static String service(String code) {
    try {
      return Service.fromCode(code).french();
    } catch (IllegalArgumentException e) {
      return code;
    }
  }

  static String reason(String code) {
    for (Reason r : Reason.values()) {
      if (r.code().equals(code)) {
        return ScheduleCommand.reasonFr(r);
      }
    }
    return code;
  }

  static String event(String kind) {
    return switch (kind) {
      case "created" -> "création";
      case "imported" -> "import";
      case "comment" -> "commentaire";
      case "take_charge" -> "prise en charge";
      case "change_priority" -> "changement de priorité";
      case "resolve" -> "résolution";
      case "close" -> "clôture";
      case "reopen" -> "réouverture";
      case "oncall_message" -> "message d'astreinte";
      case "oncall_declined" -> "refus d'astreinte";
      case "oncall_request" -> "demande d'astreinte";
      case "escalation" -> "escalade";
      default -> kind;
    };
  }

  static String deadline(String d) {
    return "take_charge".equals(d) ? "prise en charge" : "resolve".equals(d) ? "résolution" : d;
  }
}

package com.serveurcom.astreinte.web;

import com.serveurcom.astreinte.calendar.Reason;
import com.serveurcom.astreinte.ticket.Priority;
import com.serveurcom.astreinte.ticket.TicketStatus;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** The French words and Paris times the pages show for the codes and instants the store keeps. */
final class WebWords {
  static final ZoneId PARIS = ZoneId.of("Europe/Paris");
  private static final DateTimeFormatter DAY_TIME =
      DateTimeFormatter.ofPattern("EEEE d MMMM 'à' HH'h'mm", Locale.FRENCH).withZone(PARIS);
  private static final DateTimeFormatter SHORT =
      DateTimeFormatter.ofPattern("dd/MM HH'h'mm", Locale.FRENCH).withZone(PARIS);

  private WebWords() {
  }

  static String when(Instant at) {
    return at == null ? "" : DAY_TIME.format(at);
  }

  static String shortly(Instant at) {
    return at == null ? "" : SHORT.format(at);
  }

  /** After the feminine « priorité ». */
  static String priority(String code) {
    try {
      return Priority.fromCode(code).afterPriorite();
    } catch (RuntimeException e) {
      return code == null ? "" : code;
    }
  }

  static String ticketStatus(String code) {
    try {
      return TicketStatus.fromCode(code).french();
    } catch (RuntimeException e) {
      return code == null ? "" : code;
    }
  }

  static String lineReason(Reason r) {
    return switch (r) {
      case HOURS -> "heures d'ouverture";
      case OUTSIDE_HOURS -> "hors heures d'ouverture";
      case WEEKEND -> "week-end";
      case HOLIDAY -> "jour férié";
      case CLOSURE -> "fermeture";
      case EXCEPTIONAL_OPENING -> "ouverture exceptionnelle";
      case OVERRIDE -> "forçage manuel";
    };
  }

  static String requestStatus(String code) {
    return switch (code == null ? "" : code) {
      case "pending" -> "en attente d'envoi";
      case "paging" -> "technicien alerté, en attente de prise en charge";
      case "taken_in_charge" -> "prise en charge";
      case "declined" -> "refusée (hors astreinte)";
      case "expired" -> "expirée";
      default -> code;
    };
  }

  static String deadline(String code) {
    return "take_charge".equals(code) ? "prise en charge" : "resolve".equals(code) ? "résolution" : code;
  }

  /** "technicien:alice (sms)" as the store keeps it: the person's name when the rota knows the id. */
  static String actor(String actor, java.util.function.Function<String, String> nameOfId) {
    if (actor == null) {
      return "";
    }
    if (actor.startsWith("technicien:")) {
      String rest = actor.substring("technicien:".length());
      int space = rest.indexOf(' ');
      String id = space < 0 ? rest : rest.substring(0, space);
      String via = space < 0 ? "" : rest.substring(space + 1).replace("(", "").replace(")", "");
      String name = nameOfId.apply(id);
      return (name == null ? id : name) + (via.isEmpty() ? "" : " (" + channel(via) + ")");
    }
    return actor;
  }

  private static String channel(String via) {
    return switch (via) {
      case "sms" -> "par SMS";
      case "voice" -> "par appel";
      case "web" -> "par la page web";
      default -> via;
    };
  }
}

package com.serveurcom.astreinte.web;

import com.serveurcom.astreinte.calendar.Reason;
import com.serveurcom.astreinte.web.PageTexts.Text;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.function.Function;

/** The French words and Paris times the pages show for the codes and instants the store keeps, from {@link PageTexts}. */
final class WebWords {
  static final ZoneId PARIS = ZoneId.of("Europe/Paris");

  private final PageTexts texts;
  private final DateTimeFormatter dayTime;
  private final DateTimeFormatter shortDate;

  WebWords(PageTexts texts) {
    this.texts = texts;
    this.dayTime = DateTimeFormatter.ofPattern(texts.text(Text.FORMAT_DATE), Locale.FRENCH).withZone(PARIS);
    this.shortDate = DateTimeFormatter.ofPattern(texts.text(Text.FORMAT_SHORT_DATE), Locale.FRENCH).withZone(PARIS);
  }

  String text(Text t, Object... namesAndValues) {
    return texts.render(t, namesAndValues);
  }

  String when(Instant at) {
    return at == null ? "" : dayTime.format(at);
  }

  String shortly(Instant at) {
    return at == null ? "" : shortDate.format(at);
  }

  /** After the feminine « priorité ». */
  String priority(String code) {
    return switch (code == null ? "" : code) {
      case "low" -> texts.text(Text.PRIORITY_LOW);
      case "medium" -> texts.text(Text.PRIORITY_MEDIUM);
      case "high" -> texts.text(Text.PRIORITY_HIGH);
      default -> code == null ? "" : code;
    };
  }

  String ticketStatus(String code) {
    return switch (code == null ? "" : code) {
      case "new" -> texts.text(Text.TICKET_NEW);
      case "in_progress" -> texts.text(Text.TICKET_IN_PROGRESS);
      case "waiting_customer" -> texts.text(Text.TICKET_WAITING_CUSTOMER);
      case "resolved" -> texts.text(Text.TICKET_RESOLVED);
      case "closed" -> texts.text(Text.TICKET_CLOSED);
      default -> code == null ? "" : code;
    };
  }

  String lineReason(Reason r) {
    return texts.text(switch (r) {
      case HOURS -> Text.LINE_HOURS;
      case OUTSIDE_HOURS -> Text.LINE_OUTSIDE_HOURS;
      case WEEKEND -> Text.LINE_WEEKEND;
      case HOLIDAY -> Text.LINE_HOLIDAY;
      case CLOSURE -> Text.LINE_CLOSURE;
      case EXCEPTIONAL_OPENING -> Text.LINE_EXCEPTIONAL_OPENING;
      case OVERRIDE -> Text.LINE_OVERRIDE;
    });
  }

  String requestStatus(String code) {
    return switch (code == null ? "" : code) {
      case "pending" -> texts.text(Text.REQUEST_PENDING);
      case "paging" -> texts.text(Text.REQUEST_PAGING);
      case "taken_in_charge" -> texts.text(Text.REQUEST_TAKEN);
      case "declined" -> texts.text(Text.REQUEST_DECLINED);
      case "expired" -> texts.text(Text.REQUEST_EXPIRED);
      default -> code;
    };
  }

  String deadline(String code) {
    return "take_charge".equals(code) ? texts.text(Text.DEADLINE_TAKE_CHARGE)
        : "resolve".equals(code) ? texts.text(Text.DEADLINE_RESOLVE) : code;
  }

  /** "technicien:alice (sms)" as the store keeps it: the person's name when the rota knows the id. */
  String actor(String actor, Function<String, String> nameOfId) {
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

  private String channel(String via) {
    return switch (via) {
      case "sms" -> texts.text(Text.CHANNEL_SMS);
      case "voice" -> texts.text(Text.CHANNEL_VOICE);
      case "web" -> texts.text(Text.CHANNEL_WEB);
      default -> via;
    };
  }
}

package com.serveurcom.astreinte.mail;

import static com.serveurcom.astreinte.config.MessageTexts.Text.*;

import com.serveurcom.astreinte.config.MessageTexts;
import com.serveurcom.astreinte.outbox.OutboxMessage;
import com.serveurcom.astreinte.ticket.Priority;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The subject and body of each e-mail, from the administrators' templates ({@code courriel.*} of
 * config/messages.yaml, checked by {@code config check} like every text) filled with the facts the
 * outbox row carries. Dates are written in Paris time, in French; durations in hours and minutes.
 */
public final class MailTexts {
  public static final ZoneId PARIS = com.serveurcom.astreinte.calendar.ParisTime.ZONE;
  private static final DateTimeFormatter DATE =
      DateTimeFormatter.ofPattern("EEEE d MMMM yyyy 'à' HH:mm", Locale.FRENCH).withZone(PARIS);

  /** What the e-mail says. */
  public record Rendered(String subject, String text) {}

  private final MessageTexts texts;

  public MailTexts(MessageTexts texts) {
    this.texts = Objects.requireNonNull(texts, "texts");
  }

  /**
   * @param publicUrl        {@code ASTREINTE_PUBLIC_URL}: the request's link is given only with it
   * @param takeChargeWindow the rota's commitment, said to the customer when a request is registered
   * @throws IllegalArgumentException for a template this build does not know
   */
  public Rendered render(OutboxMessage.Email e, Optional<URI> publicUrl, Duration takeChargeWindow) {
    Map<String, String> f = e.facts();
    String request = f.getOrDefault("request", e.ticket() == null ? "?" : e.ticket());
    String hello = greeting(e.toName());
    OutboxMessage.Email.Template template = OutboxMessage.Email.Template.fromCode(e.template())
        .orElseThrow(() -> new IllegalArgumentException("modèle de courriel inconnu : « " + e.template() + " »"));
    return switch (template) {
      case ESCALATION -> new Rendered(
          line(texts.render(MAIL_ESCALATION_SUBJECT, "demande", request, "niveau", f.get("level"), "echeance",
              deadline(f.get("deadline")), "client", f.get("account"))),
          texts.render(MAIL_ESCALATION_BODY, "bonjour", hello, "demande", request, "client", f.get("account"),
              "priorite", priority(f.get("priority")), "objet", f.get("subject"), "echeance", deadline(f.get("deadline")),
              "echeance-a", date(f.get("due")), "depassement", overrun(f.get("overrun_s")), "niveau", f.get("level"),
              "lien", link(publicUrl, request)));
      case DEADLINE_WARNING -> new Rendered(
          line(texts.render(MAIL_WARNING_SUBJECT, "demande", request, "echeance", deadline(f.get("deadline")), "client",
              f.get("account"))),
          texts.render(MAIL_WARNING_BODY, "bonjour", hello, "demande", request, "client", f.get("account"),
              "priorite", priority(f.get("priority")), "objet", f.get("subject"), "echeance", deadline(f.get("deadline")),
              "echeance-a", date(f.get("due")), "assigne", f.get("assignee") == null ? texts.text(MAIL_WARNING_UNASSIGNED)
                  : texts.render(MAIL_WARNING_ASSIGNEE, "assigne", f.get("assignee")), "lien", link(publicUrl, request)));
      case CUSTOMER_REGISTERED -> new Rendered(
          line(texts.render(MAIL_CUSTOMER_REGISTERED_SUBJECT, "demande", request)),
          texts.render(MAIL_CUSTOMER_REGISTERED_BODY, "bonjour", hello, "demande", request, "recu-a",
              date(f.get("received_at")), "delai", window(takeChargeWindow)));
      case CUSTOMER_TAKEN -> new Rendered(
          line(texts.render(MAIL_CUSTOMER_TAKEN_SUBJECT, "demande", request)),
          texts.render(MAIL_CUSTOMER_TAKEN_BODY, "bonjour", hello, "demande", request, "par", f.get("by"), "a",
              date(f.get("at"))));
      case CUSTOMER_DECLINED -> new Rendered(
          line(texts.render(MAIL_CUSTOMER_DECLINED_SUBJECT, "demande", request)),
          texts.render(MAIL_CUSTOMER_DECLINED_BODY, "bonjour", hello, "demande", request, "a", date(f.get("at")),
              "motif", f.get("reason") == null || f.get("reason").isBlank() ? null
                  : texts.render(MAIL_DECLINE_REASON, "motif", f.get("reason").strip()),
              "reprise", f.get("resumes_at") == null ? null
                  : texts.render(MAIL_DECLINE_RESUME, "quand", date(f.get("resumes_at")))));
    };
  }

  /** The pager's self-alarm to the last-resort contact. */
  public Rendered alarm(String alarm, String name, Instant at) {
    return new Rendered(line(texts.text(MAIL_ALARM_SUBJECT)),
        texts.render(MAIL_ALARM_BODY, "bonjour", greeting(name), "alarme", alarm, "a", DATE.format(at)));
  }

  private String greeting(String name) {
    return name == null || name.isBlank() ? texts.text(MAIL_GREETING_NO_NAME)
        : texts.render(MAIL_GREETING, "nom", name.strip());
  }

  private String deadline(String code) {
    if ("take_charge".equals(code)) {
      return texts.text(MAIL_DEADLINE_TAKE_CHARGE);
    }
    if ("resolve".equals(code)) {
      return texts.text(MAIL_DEADLINE_RESOLVE);
    }
    return code == null ? "" : code;
  }

  private String priority(String code) {
    if (code == null) {
      return "";
    }
    try {
      return texts.text(switch (Priority.fromCode(code)) {
        case LOW -> PRIORITY_LOW;
        case MEDIUM -> PRIORITY_MEDIUM;
        case HIGH -> PRIORITY_HIGH;
      });
    } catch (IllegalArgumentException e) {
      return code;
    }
  }

  private String link(Optional<URI> publicUrl, String request) {
    return publicUrl.map(u -> texts.render(MAIL_LINK, "lien", requestUrl(u, request))).orElse("");
  }

  /** The request's record at the server's public address (the API; a token is asked). */
  static String requestUrl(URI base, String request) {
    String b = base.toString();
    return (b.endsWith("/") ? b.substring(0, b.length() - 1) : b) + "/api/tickets/" + request;
  }

  static String date(String iso) {
    if (iso == null) {
      return "";
    }
    try {
      return DATE.format(Instant.parse(iso));
    } catch (DateTimeParseException e) {
      return iso;
    }
  }

  /** « 1 h 05 min », « 45 min », « 2 j 3 h ». */
  static String overrun(String seconds) {
    if (seconds == null) {
      return "";
    }
    long s;
    try {
      s = Long.parseLong(seconds);
    } catch (NumberFormatException e) {
      return seconds;
    }
    return duration(Duration.ofSeconds(Math.max(0, s)));
  }

  static String duration(Duration d) {
    long minutes = d.toMinutes();
    if (minutes < 60) {
      return minutes + " min";
    }
    long hours = minutes / 60;
    if (hours < 48) {
      return hours + " h " + String.format(Locale.ROOT, "%02d", minutes % 60) + " min";
    }
    return hours / 24 + " j " + hours % 24 + " h";
  }

  /** « 30 minutes », « 2 heures », « 1 h 30 ». */
  static String window(Duration d) {
    long minutes = d.toMinutes();
    if (minutes < 60) {
      return minutes + " minutes";
    }
    if (minutes % 60 == 0) {
      return minutes == 60 ? "1 heure" : minutes / 60 + " heures";
    }
    return minutes / 60 + " h " + String.format(Locale.ROOT, "%02d", minutes % 60);
  }

  /** A subject is one line: a template's line break or an account's would split the header. */
  private static String line(String s) {
    return s.replaceAll("[\\r\\n]+", " ").strip();
  }
}

package com.serveurcom.astreinte.paging;

import com.serveurcom.astreinte.ticket.Priority;

/** What technicians and customers read (French). Kept short: one SMS segment where possible. */
public final class PagingTexts {
  public static final PagingTexts SHIPPED = new PagingTexts();

  private PagingTexts() {
  }

  /** Why this page, said in brackets: a reminder (step n), a new message, and who else is paged. */
  String page(Integer step, boolean addedMessage, Recipient.Role role, String request, Priority priority,
      String account, String callback, String previousCallback, Integer messageSeconds) {
    String reason = step != null ? "relance " + step : addedMessage ? "nouveau message" : null;
    String who = role == Recipient.Role.BACKUP ? "renfort" : role == Recipient.Role.LAST_RESORT ? "dernier recours" : null;
    String why = who == null ? reason : reason == null ? who : reason + ", " + who;
    return page(why, request, priority, account, callback, previousCallback, messageSeconds);
  }

  /** The account of a ticket whose account is not known, said in a voice page. */
  String unknownAccount() {
    return "inconnu";
  }

  /** A voice page that cannot offer to call back (no dialable number): it points to the SMS. */
  String voiceWithoutCallback(String request) {
    return "Alerte astreinte. Demande numéro " + digits(request) + ". Consultez vos SMS pour le numéro de rappel. Au revoir.";
  }

  /**
   * @param reason why this page: first page, a reminder (step n), a new message, or as a backup
   * @param callback the latest call-back number a caller left
   * @param previousCallback the one before, when a new message changed it (else null): both are said
   */
  String page(String reason, String request, Priority priority, String account, String callback,
      String previousCallback, Integer messageSeconds) {
    StringBuilder sb = new StringBuilder("Astreinte Serveurcom");
    if (reason != null) {
      sb.append(" (").append(reason).append(')');
    }
    sb.append(" : demande ").append(request);
    if (priority != null) {
      sb.append(", priorité ").append(priority.afterPriorite());
    }
    if (account != null) {
      sb.append(", client ").append(account);
    }
    sb.append(". Rappeler le ").append(callback);
    if (previousCallback != null && !previousCallback.equals(callback)) {
      sb.append(" (nouveau numéro ; le précédent était le ").append(previousCallback).append(')');
    }
    sb.append('.');
    if (messageSeconds != null) {
      sb.append(" Message vocal de ").append(messageSeconds).append(" s.");
    }
    sb.append(" Répondez OK ").append(request).append(" pour prendre en charge, NON ").append(request)
        .append(" pour refuser (hors astreinte).");
    return sb.toString();
  }

  /**
   * A message no request claims, named by its reference: the technician answers with it.
   *
   * @param keyedRequest the request number the caller keyed, unknown here (null when none)
   * @param caller the caller's number as it was left (null when none)
   */
  String orphan(String ref, String keyedRequest, String caller, Integer messageSeconds) {
    StringBuilder sb = new StringBuilder("Astreinte Serveurcom : message vocal sans demande enregistrée, référence ")
        .append(ref);
    if (keyedRequest != null) {
      sb.append(" (numéro de demande indiqué : ").append(keyedRequest).append(", inconnu)");
    }
    sb.append(caller == null ? ". Numéro de l'appelant inconnu." : ". Rappeler le " + caller + '.');
    if (messageSeconds != null) {
      sb.append(" Message vocal de ").append(messageSeconds).append(" s.");
    }
    sb.append(" Répondez OK ").append(ref).append(" pour prendre en charge.");
    return sb.toString();
  }

  /** Digits spaced out so that the French voice says them one by one. */
  static String digits(String number) {
    return String.join(" ", number.split(""));
  }

  /** @param refSpoken and {@code callerSpoken} digit by digit; callerSpoken empty when unknown */
  String orphanSpoken(String refSpoken, String callerSpoken) {
    return "Alerte astreinte. Message vocal sans demande enregistrée, référence " + refSpoken + ". "
        + (callerSpoken.isEmpty() ? "Numéro de l'appelant inconnu." : "Numéro de l'appelant : " + callerSpoken + ".")
        + " Consultez vos SMS. Au revoir.";
  }

  String customerTaken(String request) {
    return "Serveurcom : votre demande " + request + " est prise en charge par le technicien d'astreinte.";
  }

  String customerDeclined(String request) {
    return "Serveurcom : votre demande " + request
        + " ne relève pas de l'astreinte, elle sera traitée aux heures ouvrées.";
  }

  String escalation(String ticket, Object level) {
    return "Serveurcom astreinte : escalade" + (level == null ? "" : " niveau " + level) + " de la demande "
        + (ticket == null ? "?" : ticket) + ", échéance SLA dépassée.";
  }

  String deadlineWarning(String ticket, String deadline) {
    // The deadline arrives as its code (take_charge, resolve): a technician reads its French name.
    String which = "take_charge".equals(deadline) ? " de prise en charge" : "resolve".equals(deadline) ? " de résolution" : "";
    String other = deadline == null || !which.isEmpty() ? "" : " (" + deadline + ")";
    return "Serveurcom astreinte : l'échéance" + which + " de la demande " + (ticket == null ? "?" : ticket) + " approche"
        + other + ".";
  }
}

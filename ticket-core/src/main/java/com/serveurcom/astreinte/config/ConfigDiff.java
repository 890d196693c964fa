package com.serveurcom.astreinte.config;

import com.serveurcom.astreinte.calendar.CalendarDefinition;
import com.serveurcom.astreinte.calendar.TimeRange;
import com.serveurcom.astreinte.escalation.Contact;
import com.serveurcom.astreinte.rota.OnCallScope;
import com.serveurcom.astreinte.rota.PagingTimings;
import com.serveurcom.astreinte.rota.Rota;
import com.serveurcom.astreinte.rota.Rotation;
import com.serveurcom.astreinte.rota.Technician;
import com.serveurcom.astreinte.sla.PriorityTargets;
import com.serveurcom.astreinte.sla.SlaTarget;
import com.serveurcom.astreinte.ticket.Priority;
import java.time.DayOfWeek;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * What changed between two configs, in short French lines for the log and the audit trail. Phone
 * numbers are masked (the audit and the logs must not carry them).
 */
public final class ConfigDiff {
  private ConfigDiff() {}

  public static List<String> between(AstreinteConfig before, AstreinteConfig after) {
    List<String> out = new ArrayList<>();
    CalendarDefinition a = before.calendar().definition();
    CalendarDefinition b = after.calendar().definition();
    if (!a.zone().equals(b.zone())) {
      out.add("fuseau : " + a.zone() + " -> " + b.zone());
    }
    for (Map.Entry<String, DayOfWeek> d : CalendarConfigReader.DAYS.entrySet()) {
      List<TimeRange> x = a.hours().on(d.getValue());
      List<TimeRange> y = b.hours().on(d.getValue());
      if (!x.equals(y)) {
        out.add("horaires " + d.getKey() + " : " + ranges(x) + " -> " + ranges(y));
      }
    }
    if (!a.holidays().equals(b.holidays())) {
      out.add("jours fériés : retirés " + a.holidays().dropped().size() + " -> " + b.holidays().dropped().size()
          + ", ajoutés " + a.holidays().added().size() + " -> " + b.holidays().added().size()
          + (a.holidays().french() != b.holidays().french() ? ", fériés français " + b.holidays().french() : "")
          + (a.holidays().departement().equals(b.holidays().departement()) ? ""
              : ", département " + a.holidays().departement().orElse("aucun") + " -> "
                  + b.holidays().departement().orElse("aucun")));
    }
    if (!a.closures().equals(b.closures())) {
      out.add("fermetures : " + a.closures().size() + " -> " + b.closures().size());
    }
    if (!a.openings().equals(b.openings())) {
      out.add("ouvertures exceptionnelles : " + a.openings().size() + " -> " + b.openings().size());
    }
    for (Priority p : Priority.values()) {
      PriorityTargets x = before.sla().of(p);
      PriorityTargets y = after.sla().of(p);
      if (!x.takeCharge().equals(y.takeCharge())) {
        out.add("sla " + p.code() + " prise-en-charge : " + target(x.takeCharge()) + " -> " + target(y.takeCharge()));
      }
      if (!x.resolve().equals(y.resolve())) {
        out.add("sla " + p.code() + " resolution : " + target(x.resolve()) + " -> " + target(y.resolve()));
      }
      var tx = before.escalation().thresholds(p);
      var ty = after.escalation().thresholds(p);
      if (!tx.equals(ty)) {
        out.add("seuils d'escalade " + p.code() + " : " + durations(tx) + " -> " + durations(ty));
      }
    }
    for (int level = 1; level <= EscalationConfigReader.MAX_LEVELS; level++) {
      List<Contact> x = before.escalation().contacts(level);
      List<Contact> y = after.escalation().contacts(level);
      if (!x.equals(y)) {
        out.add("contacts niveau " + level + " : " + contacts(x) + " -> " + contacts(y));
      }
    }
    rota(before.rota(), after.rota(), out);
    List<String> texts = java.util.Arrays.stream(MessageTexts.Text.values())
        .filter(t -> !before.messages().text(t).equals(after.messages().text(t))).map(MessageTexts.Text::key).toList();
    if (!texts.isEmpty()) {
      out.add("textes du pager modifiés : " + String.join(", ", texts));
    }
    return out;
  }

  private static void rota(Rota a, Rota b, List<String> out) {
    Map<String, Technician> x = new LinkedHashMap<>();
    a.technicians().forEach(t -> x.put(t.id(), t));
    Map<String, Technician> y = new LinkedHashMap<>();
    b.technicians().forEach(t -> y.put(t.id(), t));
    for (Technician t : x.values()) {
      Technician n = y.get(t.id());
      if (n == null) {
        out.add("astreinte : technicien retiré " + technician(t));
      } else if (!n.equals(t)) {
        out.add("astreinte : technicien " + t.id() + " : " + technician(t) + " -> " + technician(n));
      }
    }
    for (Technician t : y.values()) {
      if (!x.containsKey(t.id())) {
        out.add("astreinte : technicien ajouté " + technician(t));
      }
    }
    Rotation ra = a.rotation();
    Rotation rb = b.rotation();
    if (!ra.order().equals(rb.order())) {
      out.add("astreinte rotation.ordre : " + ids(ra.order()) + " -> " + ids(rb.order()));
    }
    if (ra.handOverDay() != rb.handOverDay() || !ra.handOverTime().equals(rb.handOverTime())) {
      out.add("astreinte rotation.passation : " + RotaConfigReader.dayName(ra.handOverDay()) + " " + ra.handOverTime()
          + " -> " + RotaConfigReader.dayName(rb.handOverDay()) + " " + rb.handOverTime());
    }
    if (!ra.cycleStart().equals(rb.cycleStart())) {
      out.add("astreinte rotation.debut-cycle : " + ra.cycleStart() + " -> " + rb.cycleStart());
    }
    if (!a.overrides().equals(b.overrides())) {
      out.add("astreinte remplacements : " + a.overrides().size() + " -> " + b.overrides().size());
    }
    if (!a.backupChain().equals(b.backupChain())) {
      out.add("astreinte secours : " + ids(a.backupChain()) + " -> " + ids(b.backupChain()));
    }
    if (!a.lastResort().equals(b.lastResort())) {
      out.add("astreinte dernier-recours : " + contacts(List.of(a.lastResort())) + " -> " + contacts(List.of(b.lastResort())));
    }
    if (!a.timings().equals(b.timings())) {
      out.add("astreinte relances : " + timings(a.timings()) + " -> " + timings(b.timings()));
    }
    if (!a.scope().equals(b.scope())) {
      out.add("astreinte perimetre : " + scope(a.scope()) + " -> " + scope(b.scope()));
    }
    if (!a.limits().equals(b.limits())) {
      out.add("astreinte limites-envoi : " + limits(a.limits()) + " -> " + limits(b.limits()));
    }
  }

  /** « sms 1/1 min, 6/15 min ; appels 1/1 min, 4/15 min ; global sms 60/1 min ; appels 20/1 min ; appel en cours 5 min ». */
  private static String limits(com.serveurcom.astreinte.rota.PageLimits l) {
    return "sms " + rules(l.personSms()) + " ; appels " + rules(l.personVoice()) + " ; global sms " + rules(l.globalSms())
        + " ; appels " + rules(l.globalVoice()) + " ; appel en cours " + DurationText.format(l.callUnderWay());
  }

  private static String rules(List<com.serveurcom.astreinte.rota.PageLimits.Rule> rules) {
    return rules.stream().map(r -> r.count() + "/" + DurationText.format(r.per())).collect(Collectors.joining(", "));
  }

  private static String technician(Technician t) {
    return t.id() + " (" + t.name() + " " + t.maskedMobile() + ")";
  }

  private static String ids(List<String> ids) {
    return ids.isEmpty() ? "aucun" : String.join(", ", ids);
  }

  private static String timings(PagingTimings t) {
    return DurationText.format(t.retryInterval()) + " / " + DurationText.format(t.backupsAfter())
        + " / " + DurationText.format(t.takeChargeWindow());
  }

  private static String scope(OnCallScope s) {
    return s.priorities().stream().sorted().map(Priority::code).collect(Collectors.joining(", "))
        + " ; " + s.services().stream().sorted().collect(Collectors.joining(", "));
  }

  private static String ranges(List<TimeRange> r) {
    return r.isEmpty() ? "fermé" : r.stream().map(TimeRange::toString).collect(Collectors.joining(", "));
  }

  private static String target(SlaTarget t) {
    return DurationText.format(t.duration()) + " " + t.clock().code();
  }

  private static String durations(List<java.time.Duration> d) {
    return d.isEmpty() ? "jamais" : d.stream().map(DurationText::format).collect(Collectors.joining(" / "));
  }

  private static String contacts(List<Contact> c) {
    return c.isEmpty() ? "aucun" : c.stream().map(x -> x.name() + " " + x.maskedPhone()).collect(Collectors.joining(", "));
  }
}

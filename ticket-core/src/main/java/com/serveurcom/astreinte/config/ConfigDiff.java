package com.serveurcom.astreinte.config;

import com.serveurcom.astreinte.calendar.CalendarDefinition;
import com.serveurcom.astreinte.calendar.TimeRange;
import com.serveurcom.astreinte.escalation.Contact;
import com.serveurcom.astreinte.sla.PriorityTargets;
import com.serveurcom.astreinte.sla.SlaTarget;
import com.serveurcom.astreinte.ticket.Priority;
import java.time.DayOfWeek;
import java.util.ArrayList;
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
          + (a.holidays().french() != b.holidays().french() ? ", fériés français " + b.holidays().french() : ""));
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
    return out;
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

package com.serveurcom.astreinte.config;

import com.serveurcom.astreinte.calendar.BusinessCalendar;
import com.serveurcom.astreinte.escalation.EscalationMatrix;
import com.serveurcom.astreinte.rota.Rota;
import com.serveurcom.astreinte.sla.ConfiguredSlaPolicy;
import com.serveurcom.astreinte.sla.SlaTargets;
import java.util.Objects;

/**
 * The time rules, the on-call rota and the pager's texts as the admins configured them; one immutable value, swapped
 * whole on reload (so a page never sees the new rota with the old calendar).
 */
public record AstreinteConfig(BusinessCalendar calendar, SlaTargets sla, EscalationMatrix escalation, Rota rota,
    MessageTexts messages) {
  public AstreinteConfig {
    Objects.requireNonNull(messages, "messages");
    Objects.requireNonNull(calendar, "calendar");
    Objects.requireNonNull(sla, "sla");
    Objects.requireNonNull(escalation, "escalation");
    Objects.requireNonNull(rota, "rota");
  }

  /** The SLA policy over this config's targets and calendar (cheap: no precomputation of its own). */
  public ConfiguredSlaPolicy slaPolicy() {
    return new ConfiguredSlaPolicy(sla, calendar);
  }

  /** One line for {@code config check} and the logs. */
  public String summary() {
    var def = calendar.definition();
    int contacts = escalation.contacts().values().stream().mapToInt(java.util.List::size).sum();
    return "configuration valide : fuseau " + def.zone()
        + ", " + def.hours().ranges().values().stream().filter(l -> !l.isEmpty()).count() + " jours ouvrés par semaine"
        + ", jours fériés " + (def.holidays().french() ? "français" : "sans les fériés français")
        + def.holidays().departement().map(d -> " (département " + d + ")").orElse("")
        + (def.holidays().dropped().isEmpty() ? "" : " (moins " + def.holidays().dropped().size() + ")")
        + (def.holidays().added().isEmpty() ? "" : " (plus " + def.holidays().added().size() + ")")
        + ", " + def.closures().size() + " fermeture(s), " + def.openings().size() + " ouverture(s) exceptionnelle(s)"
        + ", SLA pour 3 priorités, " + contacts + " contact(s) d'escalade"
        + ", astreinte : " + rota.technicians().size() + " technicien(s), passation le "
        + RotaConfigReader.dayName(rota.rotation().handOverDay()) + " " + rota.rotation().handOverTime()
        + ", " + rota.overrides().size() + " remplacement(s), " + rota.backupChain().size() + " secours";
  }
}

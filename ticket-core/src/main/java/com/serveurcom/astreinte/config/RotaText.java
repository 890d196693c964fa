package com.serveurcom.astreinte.config;

import com.serveurcom.astreinte.rota.Gap;
import com.serveurcom.astreinte.rota.Rota;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** The rota in admins' French: one wording for {@code config check}, the logs and {@code oncall}. */
public final class RotaText {
  private static final DateTimeFormatter HUMAN = DateTimeFormatter.ofPattern("EEEE d MMMM yyyy HH:mm", Locale.FRANCE);

  private RotaText() {}

  /** "lundi 5 janvier 2026 09:00", local time of {@code zone}. */
  public static String when(Instant at, ZoneId zone) {
    return HUMAN.format(at.atZone(zone));
  }

  /** "personne d'astreinte du … au … (why)". */
  public static String gap(Gap g, Rota rota, ZoneId zone) {
    String why = switch (g.cause()) {
      case EMPTY_ROTATION -> "la rotation est vide et aucun remplacement ne couvre cette période";
      case BEFORE_CYCLE_START -> "la rotation ne commence que le " + when(rota.rotation().handOver(0), zone);
      case UNKNOWN_TECHNICIAN -> "technicien inconnu « " + g.technicianId() + " »";
    };
    return "personne d'astreinte du " + when(g.from(), zone) + " au " + when(g.to(), zone) + ", ligne fermée (" + why + ")";
  }
}

package com.serveurcom.astreinte.calendar;

import java.util.Optional;

/**
 * The French public holidays this product knows by name: the eleven national ones and the regional
 * ones of some départements (Alsace-Moselle, overseas). Their dates come from jollyday
 * ({@link PublicHolidays}); this enum only ties jollyday's keys to the codes administrators write in
 * {@code jours-feries.yaml} and to the French label people read.
 */
public enum FrenchHoliday {
  NEW_YEAR("jour-de-l-an", "Jour de l'an", "NEW_YEAR"),
  GOOD_FRIDAY("vendredi-saint", "Vendredi saint", "christian.GOOD_FRIDAY"),
  EASTER_MONDAY("lundi-de-paques", "Lundi de Pâques", "christian.EASTER_MONDAY"),
  LABOUR_DAY("fete-du-travail", "Fête du travail", "LABOUR_DAY"),
  VICTORY_1945("victoire-1945", "Victoire 1945", "VICTORY_DAY"),
  ASCENSION("ascension", "Ascension", "christian.ASCENSION_DAY"),
  WHIT_MONDAY("lundi-de-pentecote", "Lundi de Pentecôte", "christian.WHIT_MONDAY"),
  BASTILLE_DAY("fete-nationale", "Fête nationale", "NATIONAL_DAY"),
  ASSUMPTION("assomption", "Assomption", "ASSUMPTION_MARY"),
  ALL_SAINTS("toussaint", "Toussaint", "ALL_SAINTS"),
  ARMISTICE("armistice-1918", "Armistice 1918", "ARMISTICE"),
  CHRISTMAS("noel", "Noël", "CHRISTMAS"),
  SAINT_STEPHEN("saint-etienne", "Saint-Étienne", "SECOND_CHRISTMAS_DAY"),
  ABOLITION_OF_SLAVERY("abolition-esclavage", "Abolition de l'esclavage", "ABOLITION_OF_SLAVERY");

  private final String code;
  private final String label;
  private final String jollydayKey;

  FrenchHoliday(String code, String label, String jollydayKey) {
    this.code = code;
    this.label = label;
    this.jollydayKey = jollydayKey;
  }

  public String code() {
    return code;
  }

  public String label() {
    return label;
  }

  public static Optional<FrenchHoliday> fromCode(String code) {
    for (FrenchHoliday h : values()) {
      if (h.code.equals(code)) {
        return Optional.of(h);
      }
    }
    return Optional.empty();
  }

  /** The holiday behind one of jollyday's description keys, if this product names it. */
  static Optional<FrenchHoliday> fromJollydayKey(String key) {
    for (FrenchHoliday h : values()) {
      if (h.jollydayKey.equals(key)) {
        return Optional.of(h);
      }
    }
    return Optional.empty();
  }
}

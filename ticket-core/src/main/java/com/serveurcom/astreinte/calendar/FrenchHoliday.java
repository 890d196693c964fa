package com.serveurcom.astreinte.calendar;

import java.time.LocalDate;
import java.time.Month;
import java.util.Optional;

/** The eleven French public holidays (metropolitan France); codes are the ones admins write in config. */
public enum FrenchHoliday {
  NEW_YEAR("jour-de-l-an", "Jour de l'an"),
  EASTER_MONDAY("lundi-de-paques", "Lundi de Pâques"),
  LABOUR_DAY("fete-du-travail", "Fête du travail"),
  VICTORY_1945("victoire-1945", "Victoire 1945"),
  ASCENSION("ascension", "Ascension"),
  WHIT_MONDAY("lundi-de-pentecote", "Lundi de Pentecôte"),
  BASTILLE_DAY("fete-nationale", "Fête nationale"),
  ASSUMPTION("assomption", "Assomption"),
  ALL_SAINTS("toussaint", "Toussaint"),
  ARMISTICE("armistice-1918", "Armistice 1918"),
  CHRISTMAS("noel", "Noël");

  private final String code;
  private final String label;

  FrenchHoliday(String code, String label) {
    this.code = code;
    this.label = label;
  }

  public String code() {
    return code;
  }

  public String label() {
    return label;
  }

  /** The date of this holiday in a year; the movable ones follow Easter. */
  public LocalDate in(int year) {
    switch (this) {
      case NEW_YEAR: return LocalDate.of(year, Month.JANUARY, 1);
      case EASTER_MONDAY: return Easter.sunday(year).plusDays(1);
      case LABOUR_DAY: return LocalDate.of(year, Month.MAY, 1);
      case VICTORY_1945: return LocalDate.of(year, Month.MAY, 8);
      case ASCENSION: return Easter.sunday(year).plusDays(39);
      case WHIT_MONDAY: return Easter.sunday(year).plusDays(50);
      case BASTILLE_DAY: return LocalDate.of(year, Month.JULY, 14);
      case ASSUMPTION: return LocalDate.of(year, Month.AUGUST, 15);
      case ALL_SAINTS: return LocalDate.of(year, Month.NOVEMBER, 1);
      case ARMISTICE: return LocalDate.of(year, Month.NOVEMBER, 11);
      case CHRISTMAS: return LocalDate.of(year, Month.DECEMBER, 25);
      default: throw new AssertionError(this);
    }
  }

  public static Optional<FrenchHoliday> fromCode(String code) {
    for (FrenchHoliday h : values()) {
      if (h.code.equals(code)) {
        return Optional.of(h);
      }
    }
    return Optional.empty();
  }
}

package com.serveurcom.astreinte.ticket;

/** Priority of a request, as the seed's escalation matrix names them (faible / moyen / élevé). */
public enum Priority implements Coded {
  LOW("low", "faible", "faible"),
  MEDIUM("medium", "moyen", "moyenne"),
  HIGH("high", "élevé", "élevée");

  private final String code;
  private final String french;
  private final String afterPriorite;

  Priority(String code, String french, String afterPriorite) {
    this.code = code;
    this.french = french;
    this.afterPriorite = afterPriorite;
  }

  /** The code used in config files, the API, the database and the command line. */
  @Override
  public String code() {
    return code;
  }

  /** What a caller or a technician reads or hears. */
  public String french() {
    return french;
  }

  /**
   * The adjective in a sentence after « priorité », agreeing with it (« priorité élevée », « priorité
   * moyenne »): what a page says. {@link #french()} is the seed's name of the level, for tables.
   */
  public String afterPriorite() {
    return afterPriorite;
  }

  /** Parses a code ({@code low}, {@code medium}, {@code high}); throws with the accepted values otherwise. */
  public static Priority fromCode(String code) {
    return Coded.parse(Priority.class, code, "priority");
  }
}

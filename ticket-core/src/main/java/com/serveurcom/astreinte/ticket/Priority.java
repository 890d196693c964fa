package com.serveurcom.astreinte.ticket;

/** Priority of a request, as the seed's escalation matrix names them (faible / moyen / élevé). */
public enum Priority implements Coded {
  LOW("low", "faible"),
  MEDIUM("medium", "moyen"),
  HIGH("high", "élevé");

  private final String code;
  private final String french;

  Priority(String code, String french) {
    this.code = code;
    this.french = french;
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

  /** Parses a code ({@code low}, {@code medium}, {@code high}); throws with the accepted values otherwise. */
  public static Priority fromCode(String code) {
    return Coded.parse(Priority.class, code, "priority");
  }
}

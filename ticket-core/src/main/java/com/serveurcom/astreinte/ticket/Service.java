package com.serveurcom.astreinte.ticket;

/** The service a request is addressed to. */
public enum Service implements Coded {
  TECHNICAL("technical", "support technique"),
  COMMERCIAL("commercial", "service commercial"),
  ADMINISTRATIVE("administrative", "service administratif");

  private final String code;
  private final String french;

  Service(String code, String french) {
    this.code = code;
    this.french = french;
  }

  /** The code used in config files, the API, the database and the command line. */
  @Override
  public String code() {
    return code;
  }

  public String french() {
    return french;
  }

  public static Service fromCode(String code) {
    return Coded.parse(Service.class, code, "service");
  }
}

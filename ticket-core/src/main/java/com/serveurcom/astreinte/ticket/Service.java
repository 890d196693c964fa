package com.serveurcom.astreinte.ticket;

import java.util.Locale;

/** The service a request is addressed to. */
public enum Service {
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
  public String code() {
    return code;
  }

  public String french() {
    return french;
  }

  public static Service fromCode(String code) {
    if (code != null) {
      String c = code.trim().toLowerCase(Locale.ROOT);
      for (Service s : values()) {
        if (s.code.equals(c)) {
          return s;
        }
      }
    }
    throw new IllegalArgumentException(
        "unknown service '" + code + "' (expected technical, commercial or administrative)");
  }
}

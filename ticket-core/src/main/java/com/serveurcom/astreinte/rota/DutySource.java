package com.serveurcom.astreinte.rota;

/** Which rule put someone (or no one) on duty; the codes are what the CLI and API print. */
public enum DutySource {
  ROTATION("rotation"),
  OVERRIDE("override"),
  /** Before the rotation's cycle start, or an empty rotation, and no override. */
  NONE("none");

  private final String code;

  DutySource(String code) {
    this.code = code;
  }

  public String code() {
    return code;
  }
}

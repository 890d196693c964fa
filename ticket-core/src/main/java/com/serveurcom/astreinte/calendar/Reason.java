package com.serveurcom.astreinte.calendar;

/** Why the support line is open or closed at an instant; the codes are what the CLI and API print. */
public enum Reason {
  HOURS("hours", true),
  OUTSIDE_HOURS("outside-hours", false),
  WEEKEND("weekend", false),
  HOLIDAY("holiday", false),
  CLOSURE("closure", false),
  EXCEPTIONAL_OPENING("exceptional-opening", true),
  OVERRIDE("override", true);

  private final String code;
  private final boolean opening;

  Reason(String code, boolean opening) {
    this.code = code;
    this.opening = opening;
  }

  public String code() {
    return code;
  }

  /** Whether the line is open for this reason; meaningless for {@link #OVERRIDE}, which can go both ways. */
  boolean opening() {
    return opening;
  }
}

package com.serveurcom.astreinte.calendar;

import java.time.ZoneId;

/**
 * The zone people read times in (CLI, reports, messages, ticket numbers' year), and the support line's zone
 * unless {@code horaires.yaml} names another one (that one then wins for opening hours). Declared here only.
 */
public final class ParisTime {
  public static final ZoneId ZONE = ZoneId.of("Europe/Paris");

  private ParisTime() {
  }
}

package com.serveurcom.astreinte.sla;

import java.util.Optional;

/** How time counts towards an SLA target; the codes are the ones written in sla.yaml. */
public enum SlaClock {
  /** Real elapsed time: 24 h across a DST change is still 24 h. */
  TWENTY_FOUR_SEVEN("24x7"),
  /** Only opening time counts. */
  BUSINESS_HOURS("business-hours"),
  /** All 24 hours of working days count (Mon-Fri, holidays excluded). */
  BUSINESS_DAYS("business-days");

  private final String code;

  SlaClock(String code) {
    this.code = code;
  }

  public String code() {
    return code;
  }

  public static Optional<SlaClock> fromCode(String code) {
    for (SlaClock c : values()) {
      if (c.code.equals(code)) {
        return Optional.of(c);
      }
    }
    return Optional.empty();
  }
}

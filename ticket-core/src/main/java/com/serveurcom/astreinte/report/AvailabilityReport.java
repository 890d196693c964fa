package com.serveurcom.astreinte.report;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Unavailability per account from its high-priority incidents (a high ticket is a total outage from
 * its opening to its resolution; one still unresolved runs to the period's end). An account's
 * outage time is the union of its incidents' intervals clipped to the period: overlaps count once.
 */
public record AvailabilityReport(ReportPeriod period, String account, List<Line> lines) {

  public record Line(String account, Duration outage, List<Incident> incidents, Duration periodLength) {
    /** Unavailability in percent of the period, one decimal... kept exact here, rounded when shown. */
    public double unavailabilityPercent() {
      return 100.0 * outage.toMillis() / periodLength.toMillis();
    }
  }

  /**
   * @param resolvedAt null when still unresolved at the period's end
   * @param counted the part inside the period (before removing overlaps)
   */
  public record Incident(String ticket, String subject, Instant openedAt, Instant resolvedAt, Duration counted) {}
}

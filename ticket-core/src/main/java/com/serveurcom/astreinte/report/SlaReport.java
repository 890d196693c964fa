package com.serveurcom.astreinte.report;

import com.serveurcom.astreinte.ticket.Priority;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * SLA compliance of the tickets opened in the period, per priority.
 *
 * @param account the account filter, null for all
 */
public record SlaReport(ReportPeriod period, String account, List<Line> lines) {

  /**
   * @param opened tickets opened in the period
   * @param takeChargeJudged tickets whose take-charge outcome is known at the report's instant
   *     (taken in charge, or deadline passed); the rate's denominator
   * @param takenOnTime taken in charge at or before the deadline
   * @param resolveJudged likewise for the resolve deadline
   * @param resolvedOnTime resolved at or before the deadline
   * @param medianOverrun median overrun of the tickets that overran a deadline (worst of their two
   *     deadlines, counted to the report's instant while still not met); null when none overran
   * @param escalationsPerLevel escalations recorded for these tickets, level -> count (levels 1..3 always present)
   */
  public record Line(Priority priority, long opened, long takeChargeJudged, long takenOnTime, long resolveJudged,
      long resolvedOnTime, long overran, Duration medianOverrun, Duration worstOverrun,
      Map<Integer, Long> escalationsPerLevel) {

    public Double takenOnTimePercent() {
      return Stats.percent(takenOnTime, takeChargeJudged);
    }

    public Double resolvedOnTimePercent() {
      return Stats.percent(resolvedOnTime, resolveJudged);
    }
  }
}

package com.serveurcom.astreinte.report;

import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/**
 * On-call activity over the period.
 *
 * @param callsByOutcome outcome key ({@code routed}, {@code refused:unknown_request}, ...) -> calls
 * @param callsByWeek Monday of the Paris week -> outcome (without the refusal reason) -> calls
 * @param pagesSent pages ({@code page}, {@code page_orphan}) the pager sent in the period
 * @param takeCharge on-call requests created in the period and taken in charge: their delays
 * @param breaches requests whose take charge took more than 30 minutes, or that were still not
 *     taken in charge 30 minutes after their creation at the report's instant
 */
public record OnCallReport(ReportPeriod period, String account, Map<String, Long> callsByOutcome,
    Map<LocalDate, Map<String, Long>> callsByWeek, long pagesSent, long requests, Delays takeCharge, long breaches,
    List<Technician> technicians) {

  public static final Duration TAKE_CHARGE_TARGET = Duration.ofMinutes(30);

  /** @param all every observed delay, for the histogram */
  public record Delays(long count, Duration median, Duration p90, Duration worst, List<Duration> all) {}

  public record Technician(String name, long takenInCharge, Duration median, Duration worst, long breaches) {}
}

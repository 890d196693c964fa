package com.serveurcom.astreinte.ticket;

import java.time.Instant;

/**
 * Computes a request's deadlines from the configured SLA targets and the business calendar.
 * The ticket store depends on this interface only; the time rules implement it.
 */
public interface SlaPolicy {

  /**
   * @param from the instant the clocks start: the opening, or the instant of a priority change
   * @param onCallOption whether the account has the on-call option; without it, {@code 24x7}
   *     targets count in business hours (nobody works its tickets at night)
   */
  SlaDeadlines deadlines(Priority priority, Instant from, boolean onCallOption);
}

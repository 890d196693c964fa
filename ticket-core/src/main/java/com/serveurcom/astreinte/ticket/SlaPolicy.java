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

  /**
   * When business hours start again after {@code at}: what a customer told "handled in business hours" is
   * told as a date. Empty while the business hours run, or when this policy has no calendar.
   */
  default java.util.Optional<Instant> businessHoursResume(Instant at) {
    return java.util.Optional.empty();
  }
}

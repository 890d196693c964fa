package com.serveurcom.astreinte.call;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The one record every call leaves: who, when, which way it went, the steps it took and how it
 * ended.
 *
 * @param at the instant the flow ran as (differs from startedAt only for a dry run with --at)
 * @param route {@code agents}, {@code oncall} or {@code escalation}
 */
public record CallRecord(
    String callId,
    Instant startedAt,
    Instant at,
    Duration duration,
    String callerId,
    String route,
    List<String> steps,
    CallOutcome outcome,
    String requestNumber,
    String callbackNumber,
    String messageFile) {

  public CallRecord {
    steps = List.copyOf(steps);
  }
}

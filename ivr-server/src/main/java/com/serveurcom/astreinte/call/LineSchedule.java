package com.serveurcom.astreinte.call;

import java.time.Instant;

/** Whether the support line is open (agents) or closed (on-call) at an instant, and why. */
@FunctionalInterface
public interface LineSchedule {

  /** @param reason {@code hours}, {@code outside-hours}, {@code weekend}, {@code holiday}, {@code closure}, ... */
  record LineState(boolean open, String reason) {}

  LineState stateAt(Instant instant);
}

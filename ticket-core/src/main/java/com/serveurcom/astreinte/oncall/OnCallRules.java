package com.serveurcom.astreinte.oncall;

import com.serveurcom.astreinte.ticket.Priority;
import java.util.EnumSet;
import java.util.Set;

/**
 * Configurable part of the on-call eligibility.
 *
 * @param oncallPriorities priorities with a 24/7 commitment, handled on call (default medium and high)
 */
public record OnCallRules(Set<Priority> oncallPriorities) {
  public OnCallRules {
    if (oncallPriorities.isEmpty()) {
      throw new IllegalArgumentException("at least one priority must be handled on call");
    }
    oncallPriorities = Set.copyOf(oncallPriorities);
  }

  public static OnCallRules defaults() {
    return new OnCallRules(EnumSet.of(Priority.MEDIUM, Priority.HIGH));
  }
}

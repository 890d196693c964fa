package com.serveurcom.astreinte.rota;

import com.serveurcom.astreinte.ticket.Priority;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * What on-call covers, as the admins configured it: the priorities with a 24/7 commitment (medium
 * and high by default; low waits for business hours, our reading of the SLA table) and the services
 * covered by default for an account with the on-call option (technical support). The eligibility
 * rules are built from it: {@code new OnCallRules(scope.priorities())}; {@code services} is the
 * default of an account's covered services. Services are codes ({@link #SERVICE_CODES}) because the
 * ticket {@code Service} type lives on another branch; map them once both are merged.
 */
public record OnCallScope(Set<Priority> priorities, Set<String> services) {
  public static final Set<String> SERVICE_CODES = new LinkedHashSet<>(List.of("technical", "commercial", "administrative"));

  public OnCallScope {
    if (priorities.isEmpty()) {
      throw new IllegalArgumentException("at least one priority must be handled on call");
    }
    if (services.isEmpty()) {
      throw new IllegalArgumentException("at least one service must be covered on call");
    }
    for (String s : services) {
      if (!SERVICE_CODES.contains(s)) {
        throw new IllegalArgumentException("unknown service '" + s + "'");
      }
    }
    priorities = Set.copyOf(EnumSet.copyOf(priorities));
    services = Set.copyOf(services);
  }

  public static OnCallScope defaults() {
    return new OnCallScope(EnumSet.of(Priority.MEDIUM, Priority.HIGH), Set.of("technical"));
  }
}

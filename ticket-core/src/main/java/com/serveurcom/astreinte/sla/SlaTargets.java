package com.serveurcom.astreinte.sla;

import com.serveurcom.astreinte.ticket.Priority;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;

/** The SLA table: targets for every priority (all three must be present). */
public record SlaTargets(Map<Priority, PriorityTargets> byPriority) {
  public SlaTargets {
    for (Priority p : Priority.values()) {
      if (!byPriority.containsKey(p)) {
        throw new IllegalArgumentException("no SLA targets for " + p.code());
      }
    }
    byPriority = Map.copyOf(new EnumMap<>(byPriority));
  }

  public PriorityTargets of(Priority p) {
    return byPriority.get(p);
  }

  /** The seed: low 4 h business-hours / 48 h business-days; medium 2 h / 24 h 24x7; high 30 min / 4 h 24x7. */
  public static SlaTargets seed() {
    Map<Priority, PriorityTargets> m = new EnumMap<>(Priority.class);
    m.put(Priority.LOW, new PriorityTargets(
        new SlaTarget(Duration.ofHours(4), SlaClock.BUSINESS_HOURS),
        new SlaTarget(Duration.ofHours(48), SlaClock.BUSINESS_DAYS)));
    m.put(Priority.MEDIUM, new PriorityTargets(
        new SlaTarget(Duration.ofHours(2), SlaClock.TWENTY_FOUR_SEVEN),
        new SlaTarget(Duration.ofHours(24), SlaClock.TWENTY_FOUR_SEVEN)));
    m.put(Priority.HIGH, new PriorityTargets(
        new SlaTarget(Duration.ofMinutes(30), SlaClock.TWENTY_FOUR_SEVEN),
        new SlaTarget(Duration.ofHours(4), SlaClock.TWENTY_FOUR_SEVEN)));
    return new SlaTargets(m);
  }
}

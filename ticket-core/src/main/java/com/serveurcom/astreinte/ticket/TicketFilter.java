package com.serveurcom.astreinte.ticket;

import java.util.Optional;
import java.util.Set;

/** Criteria of a ticket listing; an empty set or empty optional means "any". */
public record TicketFilter(Set<TicketStatus> statuses, Set<Priority> priorities, Optional<Long> accountId, int limit) {
  public TicketFilter {
    statuses = Set.copyOf(statuses);
    priorities = Set.copyOf(priorities);
    if (limit < 1) {
      throw new IllegalArgumentException("limit must be positive");
    }
  }

  public static TicketFilter all() {
    return new TicketFilter(Set.of(), Set.of(), Optional.empty(), 1000);
  }

  public TicketFilter withStatuses(TicketStatus... s) {
    return new TicketFilter(Set.of(s), priorities, accountId, limit);
  }

  public TicketFilter withPriorities(Priority... p) {
    return new TicketFilter(statuses, Set.of(p), accountId, limit);
  }

  public TicketFilter withAccount(long id) {
    return new TicketFilter(statuses, priorities, Optional.of(id), limit);
  }

  public TicketFilter withLimit(int l) {
    return new TicketFilter(statuses, priorities, accountId, l);
  }
}

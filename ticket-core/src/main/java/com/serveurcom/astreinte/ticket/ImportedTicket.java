package com.serveurcom.astreinte.ticket;

import java.time.Instant;
import java.util.Objects;

/**
 * A request brought in with its own number (4 to 12 digits, kept as given) and history
 * (from another tool, or the demo fixture). Deadlines are computed from {@code openedAt}.
 */
public record ImportedTicket(
    String number,
    long accountId,
    Service service,
    String motive,
    Priority priority,
    TicketStatus status,
    String subject,
    String description,
    String contactName,
    String contactEmail,
    String contactPhone,
    String assignee,
    Instant openedAt,
    Instant takenInChargeAt,
    Instant resolvedAt) {
  public ImportedTicket {
    TicketNumbers.requireValid(number);
    Objects.requireNonNull(service, "service");
    Objects.requireNonNull(priority, "priority");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(openedAt, "openedAt");
  }
}

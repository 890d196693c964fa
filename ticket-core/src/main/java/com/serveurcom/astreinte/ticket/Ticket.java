package com.serveurcom.astreinte.ticket;

import java.time.Instant;
import java.util.Objects;

/**
 * A request (ticket) as stored. Nullable: motive, subject, description, contact fields, assignee,
 * takenInChargeAt, resolvedAt, closedAt, nextDeadline.
 *
 * @param nextDeadline the deadline still to meet: takeChargeBy until taken in charge, then
 *     resolveBy; null once resolved or closed
 */
public record Ticket(
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
    Instant resolvedAt,
    Instant closedAt,
    Instant takeChargeBy,
    Instant resolveBy,
    Instant nextDeadline) {

  public Ticket {
    Objects.requireNonNull(number, "number");
    Objects.requireNonNull(service, "service");
    Objects.requireNonNull(priority, "priority");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(openedAt, "openedAt");
    Objects.requireNonNull(takeChargeBy, "takeChargeBy");
    Objects.requireNonNull(resolveBy, "resolveBy");
  }

  /** « Ouverte de manière conforme »: a contact name, a contact phone and a subject. */
  public boolean isCompliant() {
    return notBlank(contactName) && notBlank(contactPhone) && notBlank(subject);
  }

  public boolean isOpen() {
    return status.isOpen();
  }

  private static boolean notBlank(String s) {
    return s != null && !s.isBlank();
  }

  /** The deadline the escalation engine watches for a ticket in this state. */
  public static Instant nextDeadline(TicketStatus status, Instant takenInChargeAt, Instant takeChargeBy,
      Instant resolveBy) {
    if (!status.isOpen()) {
      return null;
    }
    return takenInChargeAt == null ? takeChargeBy : resolveBy;
  }
}

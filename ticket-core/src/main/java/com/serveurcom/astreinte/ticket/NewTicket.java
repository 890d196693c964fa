package com.serveurcom.astreinte.ticket;

import java.util.Objects;

/** A request to open; its number is issued by the store and it opens at the store's clock instant. */
public record NewTicket(
    long accountId,
    Service service,
    String motive,
    Priority priority,
    String subject,
    String description,
    String contactName,
    String contactEmail,
    String contactPhone) {
  public NewTicket {
    Objects.requireNonNull(service, "service");
    Objects.requireNonNull(priority, "priority");
  }
}

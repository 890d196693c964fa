package com.serveurcom.astreinte.ticket;

import java.time.Instant;

/** One entry of a ticket's append-only history; {@code details} is a JSON object. */
public record TicketEvent(long id, String ticketNumber, Instant at, String actor, String kind, String details) {}

package com.serveurcom.astreinte.ticket;

import com.serveurcom.astreinte.database.StoredJson;
import com.serveurcom.astreinte.database.Timestamps;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jooq.DSLContext;

/**
 * The one writer of {@code ticket_event}, a ticket's append-only history: every module records
 * what happened to a ticket through here, inside the transaction of the change itself, so the
 * history never says what the data does not (GoAlert keeps one writer of its alert log for the
 * same reason). The on-call registration function of migration V6 is the one other writer; its
 * kinds are codes of {@link TicketEventKind}, checked by a test.
 */
public final class TicketHistory {
  /** Who wrote an entry when no person did. */
  public static final String SYSTEM = "system";

  private static final ObjectMapper JSON = StoredJson.MAPPER;

  private TicketHistory() {}

  /**
   * One entry to write. {@code details} is a JSON object of plain values (strings, numbers, booleans,
   * instants, lists and maps of them); a null or blank actor is {@link #SYSTEM}.
   */
  public record Entry(String ticketNumber, Instant at, String actor, TicketEventKind kind, Map<String, ?> details) {
    public Entry {
      Objects.requireNonNull(ticketNumber, "ticketNumber");
      Objects.requireNonNull(at, "at");
      Objects.requireNonNull(kind, "kind");
      actor = actor == null || actor.isBlank() ? SYSTEM : actor;
      details = details == null ? Map.of() : details;
    }
  }

  /** Appends one entry inside the caller's transaction. */
  public static void append(DSLContext tx, Entry e) {
    tx.execute("insert into ticket_event (ticket_number, at, actor, kind, details) values (?, ?::timestamptz, ?, ?, ?::jsonb)",
        e.ticketNumber(), Timestamps.utc(e.at()), e.actor(), e.kind().code(), json(e.details()));
  }

  /** Appends entries in one statement (the escalation engine writes a whole pass at once). */
  public static void appendAll(DSLContext tx, List<Entry> entries) {
    if (entries.isEmpty()) {
      return;
    }
    if (entries.size() == 1) {
      append(tx, entries.get(0));
      return;
    }
    tx.execute("insert into ticket_event (ticket_number, at, actor, kind, details) select n, a, w, k, d::jsonb "
            + "from unnest(?::text[], ?::timestamptz[], ?::text[], ?::text[], ?::text[]) as u(n, a, w, k, d)",
        entries.stream().map(Entry::ticketNumber).toArray(String[]::new),
        entries.stream().map(e -> Timestamps.utc(e.at())).toArray(OffsetDateTime[]::new),
        entries.stream().map(Entry::actor).toArray(String[]::new),
        entries.stream().map(e -> e.kind().code()).toArray(String[]::new),
        entries.stream().map(e -> json(e.details())).toArray(String[]::new));
  }

  private static String json(Map<String, ?> details) {
    try {
      return JSON.writeValueAsString(details);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("détails d'un événement du ticket impossibles à écrire en JSON : " + e.getOriginalMessage(), e);
    }
  }

}

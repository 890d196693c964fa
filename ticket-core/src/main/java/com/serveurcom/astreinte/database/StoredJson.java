package com.serveurcom.astreinte.database;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

/**
 * The one Jackson mapper of the JSON the stores write into {@code jsonb} columns (ticket history details,
 * audit details, call steps): configured once, instants as ISO-8601 text. Thread-safe once built, so shared.
 * Outbox payloads have their own versioned, strict codec ({@code outbox.OutboxCodec}).
 */
public final class StoredJson {
  public static final ObjectMapper MAPPER = JsonMapper.builder()
      .addModule(new JavaTimeModule())
      .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
      .build();

  private StoredJson() {
  }
}

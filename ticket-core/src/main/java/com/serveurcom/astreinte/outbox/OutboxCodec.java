package com.serveurcom.astreinte.outbox;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import org.jooq.JSONB;

/**
 * The one codec of outbox payloads: a message record to the JSON of {@code outbox.payload} and
 * back, with the payload's version in {@code outbox.payload_version}. A row of a version this
 * build does not know is refused ({@link UnknownVersion}) rather than misread: an older instance
 * sharing the database with a newer one leaves such rows to it (GoAlert's versioned processing
 * locks do the same for its engine modules).
 */
public final class OutboxCodec {
  /** The payload version this build writes and reads. Raise it with any change of a record's fields. */
  public static final int VERSION = 1;

  private final ObjectMapper json = JsonMapper.builder()
      .addModule(new JavaTimeModule())
      .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
      .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
      .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
      .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
      .build();

  /** A payload this build cannot read: a newer version, a kind it does not know, or broken JSON. */
  public static final class UnreadablePayload extends RuntimeException {
    UnreadablePayload(String message, Throwable cause) {
      super(message, cause);
    }
  }

  /** A payload written by a version this build does not know. */
  public static final class UnknownVersion extends RuntimeException {
    UnknownVersion(int version) {
      super("outbox payload version " + version + " is not known to this build (it reads version " + VERSION + ")");
    }
  }

  public JSONB encode(OutboxMessage message) {
    try {
      return JSONB.jsonb(json.writeValueAsString(message));
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("outbox message is not JSON: " + e.getOriginalMessage(), e);
    }
  }

  /**
   * @throws UnknownVersion   for a version other than {@link #VERSION}
   * @throws UnreadablePayload for an unknown kind or a payload that does not fit its record
   */
  public OutboxMessage decode(String kind, int version, String payload) {
    if (version != VERSION) {
      throw new UnknownVersion(version);
    }
    OutboxMessage.Kind k = OutboxMessage.Kind.fromCode(kind)
        .orElseThrow(() -> new UnreadablePayload("unknown outbox kind '" + kind + "'", null));
    try {
      return json.readValue(payload, k.type());
    } catch (JsonProcessingException | IllegalArgumentException e) {
      throw new UnreadablePayload("outbox payload of kind " + kind + " does not fit its record: "
          + (e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage()), e);
    }
  }
}

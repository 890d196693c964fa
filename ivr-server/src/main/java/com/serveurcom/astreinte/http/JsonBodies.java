package com.serveurcom.astreinte.http;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.type.LogicalType;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * JSON of the API: snake_case names, instants as ISO-8601 UTC, unknown fields refused so a typo
 * in a request is an error rather than a silently ignored value. Strict on types and keys: a number
 * where text is expected ({@code {"name":123}}), text where a number or a boolean is expected, a
 * fraction for a whole number, and a key given twice are each a 400 naming the field, never a value
 * quietly converted or overwritten.
 */
public final class JsonBodies {
  private final ObjectMapper mapper;

  public JsonBodies() {
    mapper =
        JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
            .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
            .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
            .build()
            .registerModule(new JavaTimeModule())
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);
    // Jackson turns 123 or true into "123" / "true" for a text field unless told not to.
    mapper.coercionConfigFor(LogicalType.Textual)
        .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
        .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
        .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
    for (LogicalType t : new LogicalType[] {LogicalType.Integer, LogicalType.Float, LogicalType.Boolean}) {
      mapper.coercionConfigFor(t).setCoercion(CoercionInputShape.String, CoercionAction.Fail);
    }
    mapper.coercionConfigFor(LogicalType.Boolean).setCoercion(CoercionInputShape.Integer, CoercionAction.Fail);
  }

  public byte[] write(Object value) {
    try {
      return mapper.writeValueAsBytes(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write JSON for " + value.getClass(), e);
    }
  }

  public String writeString(Object value) {
    try {
      return mapper.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write JSON for " + value.getClass(), e);
    }
  }

  /** Reads a JSON request body: 415 unless it is declared {@code application/json}. */
  public <T> T read(HttpRequest request, Class<T> type) {
    if (!"application/json".equals(request.mediaType())) {
      throw new ApiException(415, "request body must be application/json", null);
    }
    return read(request.body(), type);
  }

  /** Reads a request body into {@code type}, turning every Jackson complaint into a 400 naming the field. */
  public <T> T read(byte[] body, Class<T> type) {
    if (body.length == 0) {
      throw ApiException.badRequest("request body is empty", null);
    }
    try {
      T value = mapper.readValue(body, type);
      if (value == null) {
        // A bare `null` document: handlers would otherwise meet a null record.
        throw ApiException.badRequest("request body must be a JSON object", null);
      }
      return value;
    } catch (UnrecognizedPropertyException e) {
      throw ApiException.badRequest("unknown field", e.getPropertyName());
    } catch (MismatchedInputException e) {
      // A coercion refused by the config above: the value is there, of the wrong JSON type.
      boolean wrongType = e.getOriginalMessage() != null && e.getOriginalMessage().startsWith("Cannot coerce");
      String what = wrongType ? "wrong JSON type" : e instanceof InvalidFormatException ? "invalid value"
          : "invalid or missing value";
      throw ApiException.badRequest(what, fieldOf(e));
    } catch (JsonParseException e) {
      String duplicate = duplicateKey(e);
      if (duplicate != null) {
        throw ApiException.badRequest("duplicate key", duplicate);
      }
      throw ApiException.badRequest("malformed JSON", null);
    } catch (JsonProcessingException e) {
      throw ApiException.badRequest("malformed JSON", null);
    } catch (IOException e) {
      throw ApiException.badRequest("unreadable body", null);
    }
  }

  public JsonNode tree(byte[] body) {
    try {
      return mapper.readTree(body);
    } catch (JsonParseException e) {
      String duplicate = duplicateKey(e);
      throw ApiException.badRequest(duplicate != null ? "duplicate key" : "malformed JSON", duplicate);
    } catch (IOException e) {
      throw ApiException.badRequest("malformed JSON", null);
    }
  }

  public static Map<String, Object> error(String error, String field) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("error", error);
    if (field != null) {
      m.put("field", field);
    }
    return m;
  }

  /** The key a strict parser found twice ("Duplicate field 'name'"), snake_case as sent; null otherwise. */
  private static String duplicateKey(JsonParseException e) {
    String m = e.getOriginalMessage();
    if (m == null || !m.startsWith("Duplicate field '")) {
      return null;
    }
    int end = m.indexOf('\'', "Duplicate field '".length());
    return end < 0 ? null : m.substring("Duplicate field '".length(), end);
  }

  private static String fieldOf(MismatchedInputException e) {
    StringBuilder sb = new StringBuilder();
    for (var ref : e.getPath()) {
      if (ref.getFieldName() != null) {
        if (sb.length() > 0) {
          sb.append('.');
        }
        sb.append(ref.getFieldName());
      } else if (ref.getIndex() >= 0) {
        sb.append('[').append(ref.getIndex()).append(']');
      }
    }
    return sb.length() == 0 ? null : sb.toString();
  }
}

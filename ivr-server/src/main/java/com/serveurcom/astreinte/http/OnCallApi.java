package com.serveurcom.astreinte.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.serveurcom.astreinte.paging.Acknowledgements;
import com.serveurcom.astreinte.paging.Ack;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Acknowledging an on-call request through the API (and so {@code bin/astreinte oncall take-charge|decline}).
 * {@code {id}} is the request (ticket) number, the same number the page shows and an SMS reply uses;
 * it names the request's open on-call request.
 *
 * <ul>
 *   <li>{@code POST /api/oncall/{id}/take-charge}, optional body {@code {"by": "Alice Martin"}} (the
 *       assignee; default {@code api});</li>
 *   <li>{@code POST /api/oncall/{id}/decline}, optional body {@code {"reason": "...", "by": "..."}}.</li>
 * </ul>
 * 200 when recorded, 409 when someone already took charge or declined, 404 for no on-call request.
 */
public final class OnCallApi {
  private final Acknowledgements acks;
  private final JsonBodies json;

  public OnCallApi(Acknowledgements acks, JsonBodies json) {
    this.acks = Objects.requireNonNull(acks, "acks");
    this.json = Objects.requireNonNull(json, "json");
  }

  public void register(Router router) {
    router.post("/api/oncall/{id}/take-charge", this::takeCharge);
    router.post("/api/oncall/{id}/decline", this::decline);
  }

  HttpResponse takeCharge(HttpRequest request) {
    String id = id(request);
    JsonNode body = body(request);
    String by = text(body, "by");
    Ack ack = acks.takeChargeAs(id, "api" + (by == null ? "" : ":" + by), by == null ? "api" : by);
    return answer(ack);
  }

  HttpResponse decline(HttpRequest request) {
    String id = id(request);
    JsonNode body = body(request);
    String by = text(body, "by");
    Ack ack = acks.declineAs(id, "api" + (by == null ? "" : ":" + by), text(body, "reason"));
    return answer(ack);
  }

  private HttpResponse answer(Ack ack) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("request", ack.requestNumber());
    m.put("outcome", ack.outcome().name().toLowerCase(java.util.Locale.ROOT));
    int status = switch (ack.outcome()) {
      case ACCEPTED -> 200;
      case ALREADY_HANDLED -> 409;
      case UNKNOWN_REQUEST -> 404;
      case NOT_ALLOWED -> 403;
    };
    return HttpResponse.json(status, json.write(m));
  }

  private static String id(HttpRequest request) {
    String id = request.pathParam("id");
    if (!id.matches("\\d{1,20}")) {
      throw ApiException.badRequest("the request number is digits only", "id");
    }
    return id;
  }

  private JsonNode body(HttpRequest request) {
    if (request.body() == null || request.body().length == 0) {
      return null;
    }
    if (!"application/json".equals(request.mediaType())) {
      throw new ApiException(415, "request body must be application/json", null);
    }
    JsonNode n = json.tree(request.body());
    if (!n.isObject()) {
      throw ApiException.badRequest("expected a JSON object", null);
    }
    n.fieldNames().forEachRemaining(f -> {
      if (!f.equals("by") && !f.equals("reason")) {
        throw ApiException.badRequest("unknown field", f);
      }
    });
    return n;
  }

  private static String text(JsonNode body, String field) {
    if (body == null || !body.hasNonNull(field)) {
      return null;
    }
    if (!body.get(field).isTextual() || body.get(field).asText().isBlank() || body.get(field).asText().length() > 500) {
      throw ApiException.badRequest("expected a non-empty text up to 500 characters", field);
    }
    return body.get(field).asText().strip();
  }
}

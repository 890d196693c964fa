package com.serveurcom.astreinte.http;

import com.serveurcom.astreinte.escalation.EscalationQuery;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /api/escalations?open=true&limit=N}: the recorded escalations, most recent first
 * (read by {@code bin/astreinte escalations}, which runs outside the server's process).
 */
public final class EscalationApi {
  static final int DEFAULT_LIMIT = 500;
  static final int MAX_LIMIT = 10_000;

  /** One escalation as the API shows it; {@code notice}: the outbox status of its notice, or none. */
  public record EscalationJson(String ticket, String priority, String deadline, Instant deadlineAt, int level,
      Instant dueAt, Instant at, List<Integer> skippedLevels, String notice, boolean notified, boolean ticketOpen) {}

  private final EscalationQuery query;
  private final JsonBodies json;

  public EscalationApi(EscalationQuery query, JsonBodies json) {
    this.query = query;
    this.json = json;
  }

  public void register(Router router) {
    router.get("/api/escalations", this::list);
  }

  HttpResponse list(HttpRequest request) {
    boolean open = flag(request, "open");
    int limit = limit(request);
    List<EscalationJson> rows = query.list(open, limit).stream()
        .map(r -> new EscalationJson(r.ticket(), r.priority(), r.deadline(), r.deadlineAt(), r.level(), r.dueAt(), r.at(),
            r.skippedLevels(), r.notice(), r.notified(), r.ticketOpen()))
        .toList();
    return HttpResponse.json(200, json.write(Map.of("escalations", rows)));
  }

  private static boolean flag(HttpRequest request, String name) {
    String v = request.queryParam(name).orElse("false");
    return switch (v) {
      case "true", "1", "yes" -> true;
      case "false", "0", "no" -> false;
      default -> throw ApiException.badRequest(name + " must be true or false", name);
    };
  }

  private static int limit(HttpRequest request) {
    String v = request.queryParam("limit").orElse(Integer.toString(DEFAULT_LIMIT));
    try {
      int n = Integer.parseInt(v);
      if (n < 1 || n > MAX_LIMIT) {
        throw ApiException.badRequest("limit must be between 1 and " + MAX_LIMIT, "limit");
      }
      return n;
    } catch (NumberFormatException e) {
      throw ApiException.badRequest("limit must be a number", "limit");
    }
  }
}

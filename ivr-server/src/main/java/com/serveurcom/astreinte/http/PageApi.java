package com.serveurcom.astreinte.http;

import com.serveurcom.astreinte.paging.PageLog;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * {@code GET /api/pages[?limit=N][&ticket=NUMBER]}: the pages sent (or logged, without Twilio), newest
 * first, numbers masked. Read by {@code bin/astreinte pages}.
 */
public final class PageApi {
  static final int DEFAULT_LIMIT = 50;

  private final PageLog pages;
  private final JsonBodies json;

  public PageApi(PageLog pages, JsonBodies json) {
    this.pages = Objects.requireNonNull(pages, "pages");
    this.json = Objects.requireNonNull(json, "json");
  }

  public void register(Router router) {
    router.get("/api/pages", this::list);
  }

  HttpResponse list(HttpRequest request) {
    int limit = request.queryParam("limit").map(PageApi::limit).orElse(DEFAULT_LIMIT);
    String ticket = request.queryParam("ticket").orElse(null);
    if (ticket != null && !ticket.matches("\\d{1,20}")) {
      throw ApiException.badRequest("a request number is digits only", "ticket");
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("pages", pages.recent(limit, ticket));
    return HttpResponse.json(200, json.write(body));
  }

  private static int limit(String s) {
    try {
      int n = Integer.parseInt(s.trim());
      if (n >= 1 && n <= 1000) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw ApiException.badRequest("limit must be 1..1000", "limit");
  }
}

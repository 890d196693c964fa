package com.serveurcom.astreinte.http;

import com.serveurcom.astreinte.mail.MailLog;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * {@code GET /api/mails[?limit=N][&ticket=NUMBER]}: the e-mails sent, failed or kept (e-mail off), newest
 * first, with their subject and body. Read by {@code bin/astreinte mails}.
 */
public final class MailApi {
  private final MailLog mails;
  private final JsonBodies json;

  public MailApi(MailLog mails, JsonBodies json) {
    this.mails = Objects.requireNonNull(mails, "mails");
    this.json = Objects.requireNonNull(json, "json");
  }

  public void register(Router router) {
    router.get("/api/mails", this::list);
  }

  HttpResponse list(HttpRequest request) {
    int limit = request.queryParam("limit").map(MailApi::limit).orElse(PageApi.DEFAULT_LIMIT);
    String ticket = request.queryParam("ticket").orElse(null);
    if (ticket != null && !ticket.matches("\\d{1,20}")) {
      throw ApiException.badRequest("a request number is digits only", "ticket");
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("mails", mails.recent(limit, ticket));
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

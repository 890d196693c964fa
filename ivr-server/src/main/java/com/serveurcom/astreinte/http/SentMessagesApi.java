package com.serveurcom.astreinte.http;

import com.serveurcom.astreinte.mail.MailLog;
import com.serveurcom.astreinte.paging.PageLog;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What went out, newest first, read by {@code bin/astreinte pages} and {@code bin/astreinte mails}:
 * <ul>
 *   <li>{@code GET /api/pages[?limit=N][&ticket=NUMBER]}: the pages sent (or logged, without Twilio), numbers masked;
 *   <li>{@code GET /api/mails[?limit=N][&ticket=NUMBER]}: the e-mails sent, failed or kept (e-mail off), with
 *       their subject and body.
 * </ul>
 * Both take the same query, checked here once.
 */
public final class SentMessagesApi {
  static final int DEFAULT_LIMIT = 50;

  /** A log of one kind of outgoing message: the newest {@code limit}, of one ticket when not null. */
  @FunctionalInterface
  public interface Recent {
    List<?> recent(int limit, String ticket);
  }

  private final Recent pages;
  private final Recent mails;
  private final JsonBodies json;

  public SentMessagesApi(PageLog pages, MailLog mails, JsonBodies json) {
    this(pages::recent, mails::recent, json);
  }

  public SentMessagesApi(Recent pages, Recent mails, JsonBodies json) {
    this.pages = Objects.requireNonNull(pages, "pages");
    this.mails = Objects.requireNonNull(mails, "mails");
    this.json = Objects.requireNonNull(json, "json");
  }

  public void register(Router router) {
    router.get("/api/pages", r -> list(r, "pages", pages));
    router.get("/api/mails", r -> list(r, "mails", mails));
  }

  private HttpResponse list(HttpRequest request, String key, Recent log) {
    int limit = request.queryParam("limit").map(SentMessagesApi::limit).orElse(DEFAULT_LIMIT);
    String ticket = request.queryParam("ticket").orElse(null);
    if (ticket != null && !ticket.matches("\\d{1,20}")) {
      throw ApiException.badRequest("a request number is digits only", "ticket");
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put(key, log.recent(limit, ticket));
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

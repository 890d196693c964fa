package com.serveurcom.astreinte.http;

import com.serveurcom.astreinte.mail.MailResends;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * {@code POST /api/mails/{id}/resend} (optional body {@code {"by": "..."}}): queues a copy of an
 * e-mail the engine will not send again by itself ({@link MailResends}). 202 with the copy's key; 404
 * for no such e-mail; 409 when it is not one to send again, or was already sent again.
 */
public final class MailResendApi {
  private final MailResends resends;
  private final JsonBodies json;
  private final Clock clock;

  public MailResendApi(MailResends resends, JsonBodies json, Clock clock) {
    this.resends = Objects.requireNonNull(resends, "resends");
    this.json = Objects.requireNonNull(json, "json");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  public void register(Router router) {
    router.post("/api/mails/{id}/resend", this::resend);
  }

  HttpResponse resend(HttpRequest request) {
    String id = request.pathParam("id");
    if (!id.matches("\\d{1,18}")) {
      throw ApiException.badRequest("an e-mail number is digits only", "id");
    }
    String by = by(request);
    try {
      MailResends.Queued q = resends.resend(Long.parseLong(id), by, clock.instant());
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("mail", q.mailId());
      body.put("resend_key", q.idempotencyKey());
      return HttpResponse.json(202, json.write(body));
    } catch (MailResends.Refused r) {
      // In English for the programs that call the API; the command line says it in French (ApiErrors).
      throw switch (r.reason()) {
        case UNKNOWN -> ApiException.notFound("no e-mail with this number");
        case NOT_RESENDABLE ->
            ApiException.conflict("only an uncertain, rejected or abandoned e-mail can be sent again");
        case ALREADY_RESENT -> ApiException.conflict("this e-mail was already sent again");
      };
    }
  }

  /** The optional body: who asks, for the log. */
  record Body(String by) {}

  private String by(HttpRequest request) {
    if (request.body() == null || request.body().length == 0) {
      return "api";
    }
    String by = json.read(request, Body.class).by();
    if (by == null) {
      return "api";
    }
    if (by.isBlank() || by.length() > 200) {
      throw ApiException.badRequest("expected a non-empty text up to 200 characters", "by");
    }
    return by.strip();
  }
}

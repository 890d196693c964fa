package com.serveurcom.astreinte.twilio;

import java.util.Objects;

/** What the HTTP layer sends back to Twilio. */
public record WebhookResponse(int status, String contentType, String body) {
  public static final String XML = "text/xml; charset=utf-8";
  public static final String TEXT = "text/plain; charset=utf-8";

  public WebhookResponse {
    Objects.requireNonNull(contentType, "contentType");
    Objects.requireNonNull(body, "body");
  }

  public static WebhookResponse twiml(String xml) {
    return new WebhookResponse(200, XML, xml);
  }

  public static WebhookResponse forbidden() {
    return new WebhookResponse(403, TEXT, "Forbidden");
  }

  public static WebhookResponse badRequest(String why) {
    return new WebhookResponse(400, TEXT, why);
  }

  public static WebhookResponse noContent() {
    return new WebhookResponse(204, TEXT, "");
  }
}

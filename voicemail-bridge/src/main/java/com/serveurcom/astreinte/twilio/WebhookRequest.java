package com.serveurcom.astreinte.twilio;

import java.util.Map;
import java.util.Objects;

/**
 * A Twilio webhook as the HTTP layer received it: the HTTP layer decodes the query and the form once
 * (Netty's {@code QueryStringDecoder}), so nothing here parses a URL again.
 *
 * @param fullUrl         the exact public URL Twilio called (scheme, host, path, query): it is signed
 * @param query           the decoded query parameters of that URL, first value of a repeated name
 * @param formParams      the decoded form body
 * @param signatureHeader the {@code X-Twilio-Signature} header, null when absent
 */
public record WebhookRequest(String fullUrl, Map<String, String> query, Map<String, String> formParams,
    String signatureHeader) {
  public WebhookRequest {
    Objects.requireNonNull(fullUrl, "fullUrl");
    query = query == null ? Map.of() : Map.copyOf(query);
    formParams = formParams == null ? Map.of() : Map.copyOf(formParams);
  }

  String param(String name) {
    return formParams.get(name);
  }
}

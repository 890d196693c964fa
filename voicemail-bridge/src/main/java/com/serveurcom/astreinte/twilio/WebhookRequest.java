package com.serveurcom.astreinte.twilio;

import java.util.Map;
import java.util.Objects;

/**
 * A Twilio webhook as the HTTP layer received it.
 *
 * @param fullUrl         the exact public URL Twilio called (scheme, host, path, query): it is signed
 * @param formParams      the decoded form body
 * @param signatureHeader the {@code X-Twilio-Signature} header, null when absent
 */
public record WebhookRequest(String fullUrl, Map<String, String> formParams, String signatureHeader) {
  public WebhookRequest {
    Objects.requireNonNull(fullUrl, "fullUrl");
    formParams = formParams == null ? Map.of() : Map.copyOf(formParams);
  }

  String param(String name) {
    return formParams.get(name);
  }
}

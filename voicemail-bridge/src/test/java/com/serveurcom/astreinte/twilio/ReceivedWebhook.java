package com.serveurcom.astreinte.twilio;

import io.netty.handler.codec.http.QueryStringDecoder;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A webhook as ivr-server's HTTP layer hands it over: the query decoded by the same Netty decoder, with the
 * same settings (';' a plain character), the first value of a repeated name.
 */
public final class ReceivedWebhook {
  private ReceivedWebhook() {
  }

  public static WebhookRequest of(String url, Map<String, String> form, String signature) {
    Map<String, String> first = new LinkedHashMap<>();
    query(url).forEach((name, values) -> first.put(name, values.isEmpty() ? "" : values.get(0)));
    return new WebhookRequest(url, first, form, signature);
  }

  /** The decoded parameters of a URL or a path with a query. */
  public static Map<String, List<String>> query(String uri) {
    return QueryStringDecoder.builder().semicolonIsNormalChar(true).build(java.net.URI.create(uri)).parameters();
  }
}

package com.serveurcom.astreinte.http;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/** What a handler answers: status, media type, body and extra headers. */
public record HttpResponse(int status, String contentType, byte[] body, Map<String, String> headers) {

  public static HttpResponse json(int status, byte[] body) {
    return new HttpResponse(status, "application/json; charset=utf-8", body, Map.of());
  }

  public static HttpResponse text(int status, String contentType, String body) {
    return new HttpResponse(status, contentType, body.getBytes(StandardCharsets.UTF_8), Map.of());
  }

  public static HttpResponse bytes(int status, String contentType, byte[] body) {
    return new HttpResponse(status, contentType, body, Map.of());
  }

  public HttpResponse withHeader(String name, String value) {
    Map<String, String> h = new java.util.LinkedHashMap<>(headers);
    h.put(name, value);
    return new HttpResponse(status, contentType, body, Map.copyOf(h));
  }
}

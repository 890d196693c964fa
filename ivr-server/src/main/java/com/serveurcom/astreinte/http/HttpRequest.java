package com.serveurcom.astreinte.http;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One HTTP request as the handlers see it: no Netty type leaks past this package, so webhook
 * handlers in voicemail-bridge take plain values.
 *
 * @param headers lower-cased names
 * @param query decoded query parameters, in order of appearance per name
 * @param pathParams values of the route's {@code {name}} segments
 * @param uri the raw request URI (path and query), as the client sent it
 */
public record HttpRequest(
    String method,
    String uri,
    String path,
    Map<String, List<String>> query,
    Map<String, String> pathParams,
    Map<String, String> headers,
    byte[] body,
    InetSocketAddress remote) {

  public Optional<String> header(String name) {
    return Optional.ofNullable(headers.get(name.toLowerCase(java.util.Locale.ROOT)));
  }

  public Optional<String> queryParam(String name) {
    List<String> v = query.get(name);
    return v == null || v.isEmpty() ? Optional.empty() : Optional.of(v.get(0));
  }

  /** The first value of each query parameter, in order of appearance (a repeated name is never read two ways). */
  public Map<String, String> firstQueryValues() {
    Map<String, String> out = new java.util.LinkedHashMap<>();
    query.forEach((name, values) -> out.put(name, values.isEmpty() ? "" : values.get(0)));
    return out;
  }

    public String pathParam(String name) {
    String v = pathParams.get(name);
    if (v == null) {
      throw new IllegalStateException("route has no path parameter " + name);
    }
    return v;
  }

  /**
   * The raw path and query, also from an absolute-form request target ({@code POST http://host/path}):
   * what a signature over the URL covers.
   */
  public String pathAndQuery() {
    String lower = uri.toLowerCase(java.util.Locale.ROOT);
    if (lower.startsWith("http://") || lower.startsWith("https://")) {
      int slash = uri.indexOf('/', uri.indexOf("//") + 2);
      return slash < 0 ? "/" : uri.substring(slash);
    }
    return uri;
  }

  public String bodyText() {
    return new String(body, StandardCharsets.UTF_8);
  }

  /** The media type without parameters, lower-cased, or empty when the client sent none. */
  public String mediaType() {
    return header("content-type")
        .map(ct -> ct.split(";", 2)[0].trim().toLowerCase(java.util.Locale.ROOT))
        .orElse("");
  }
}

package com.serveurcom.astreinte.web;

import com.serveurcom.astreinte.http.HttpRequest;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** The pages' form posts: their fields, and whether they come from our own pages. */
final class Forms {
  private Forms() {
  }

  /** The fields of an {@code application/x-www-form-urlencoded} body; the first value of a name wins. */
  static Map<String, String> fields(HttpRequest request) {
    Map<String, String> out = new LinkedHashMap<>();
    if (!"application/x-www-form-urlencoded".equals(request.mediaType())) {
      return out;
    }
    for (String pair : request.bodyText().split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int i = pair.indexOf('=');
      try {
        out.putIfAbsent(URLDecoder.decode(i < 0 ? pair : pair.substring(0, i), StandardCharsets.UTF_8),
            i < 0 ? "" : URLDecoder.decode(pair.substring(i + 1), StandardCharsets.UTF_8));
      } catch (IllegalArgumentException malformed) {
        return Map.of();
      }
    }
    return out;
  }

  /**
   * A second line against cross-site posts, besides the form's token: a browser says where a post comes
   * from ({@code Sec-Fetch-Site}, {@code Origin}); one that says "another site" is refused. A client that
   * says nothing (curl) still needs the token.
   */
  static boolean sameOrigin(HttpRequest request, Optional<URI> publicBase) {
    // A browser that says where the post comes from is believed first: same origin, or typed by the person.
    Optional<String> site = request.header("sec-fetch-site").map(s -> s.strip().toLowerCase(Locale.ROOT));
    if (site.isPresent()) {
      return site.get().equals("same-origin") || site.get().equals("none");
    }
    Optional<String> origin = request.header("origin");
    if (origin.isEmpty()) {
      return true;
    }
    String o = origin.get().strip().toLowerCase(Locale.ROOT);
    if (o.equals("null")) {
      return false;
    }
    if (publicBase.isPresent() && o.equals(originOf(publicBase.get()))) {
      return true;
    }
    String host = request.header("host").orElse("").strip().toLowerCase(Locale.ROOT);
    return !host.isEmpty() && (o.equals("http://" + host) || o.equals("https://" + host));
  }

  private static String originOf(URI base) {
    String scheme = base.getScheme() == null ? "http" : base.getScheme().toLowerCase(Locale.ROOT);
    int port = base.getPort();
    String host = base.getHost() == null ? "" : base.getHost().toLowerCase(Locale.ROOT);
    return scheme + "://" + host + (port < 0 ? "" : ":" + port);
  }
}

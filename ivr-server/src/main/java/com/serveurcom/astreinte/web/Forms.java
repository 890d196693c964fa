package com.serveurcom.astreinte.web;

import com.serveurcom.astreinte.http.FormFields;
import com.serveurcom.astreinte.http.HttpRequest;
import java.net.URI;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** The pages' form posts: their fields, and whether they come from our own pages. */
final class Forms {
  private Forms() {
  }

  /** The fields of an {@code application/x-www-form-urlencoded} body; the first value of a name wins. */
  static Map<String, String> fields(HttpRequest request) {
    if (!"application/x-www-form-urlencoded".equals(request.mediaType())) {
      return Map.of();
    }
    try {
      return FormFields.decode(request.bodyText());
    } catch (IllegalArgumentException malformed) {
      return Map.of();
    }
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

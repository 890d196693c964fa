package com.serveurcom.astreinte.web;

import com.serveurcom.astreinte.http.FormFields;
import com.serveurcom.astreinte.http.HttpRequest;
import java.net.InetAddress;
import java.net.URI;
import java.util.List;
import java.util.Set;
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

  /**
   * The client's address: the peer's, or, when the peer is one of {@code trustedProxies}, the last address of
   * {@code X-Forwarded-For} that is not a trusted proxy (the entries before it could be forged by the client).
   */
  static String clientAddress(HttpRequest request, Set<InetAddress> trustedProxies) {
    if (request.remote() == null) {
      return "?";
    }
    InetAddress peer = request.remote().getAddress();
    if (!trustedProxies.contains(peer)) {
      return peer.getHostAddress();
    }
    String client = peer.getHostAddress();
    List<String> hops = List.of(request.header("x-forwarded-for").orElse("").split(","));
    for (int i = hops.size() - 1; i >= 0; i--) {
      String hop = hops.get(i).strip();
      if (hop.isEmpty()) {
        continue;
      }
      InetAddress a = literal(hop);
      if (a == null) {
        return client; // not an address: stop at what the proxies vouch for
      }
      client = a.getHostAddress();
      if (!trustedProxies.contains(a)) {
        break;
      }
    }
    return client;
  }

  /** An IP literal, never a name to look up. */
  private static InetAddress literal(String text) {
    if (!text.matches("[0-9.]+|\\[?[0-9a-fA-F:.]+]?")) {
      return null;
    }
    try {
      return InetAddress.getByName(text.startsWith("[") ? text.substring(1, text.length() - 1) : text);
    } catch (java.net.UnknownHostException e) {
      return null;
    }
  }

  private static String originOf(URI base) {
    String scheme = base.getScheme() == null ? "http" : base.getScheme().toLowerCase(Locale.ROOT);
    int port = base.getPort();
    String host = base.getHost() == null ? "" : base.getHost().toLowerCase(Locale.ROOT);
    return scheme + "://" + host + (port < 0 ? "" : ":" + port);
  }
}

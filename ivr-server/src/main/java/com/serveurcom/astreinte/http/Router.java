package com.serveurcom.astreinte.http;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Maps a method and a path such as {@code /api/tickets/{number}/events} to a handler. Routes are
 * few (tens), so a linear scan over split segments is simpler than a trie and fast enough.
 */
public final class Router {

  @FunctionalInterface
  public interface Handler {
    HttpResponse handle(HttpRequest request) throws Exception;
  }

  private record Route(String method, String[] segments, Handler handler) {}

  /** The outcome of a lookup: a handler with its path parameters, or why there is none. */
  public record Match(Handler handler, Map<String, String> pathParams, Set<String> allowed) {
    public boolean found() {
      return handler != null;
    }
  }

  private final List<Route> routes = new ArrayList<>();

  public Router get(String pattern, Handler h) {
    return add("GET", pattern, h);
  }

  public Router post(String pattern, Handler h) {
    return add("POST", pattern, h);
  }

  public Router put(String pattern, Handler h) {
    return add("PUT", pattern, h);
  }

  public Router delete(String pattern, Handler h) {
    return add("DELETE", pattern, h);
  }

  public synchronized Router add(String method, String pattern, Handler h) {
    routes.add(new Route(method, split(pattern), h));
    return this;
  }

  public Match match(String method, String path) {
    String[] parts = split(path);
    Set<String> allowed = new TreeSet<>();
    for (Route r : routes) {
      Map<String, String> params = bind(r.segments, parts);
      if (params == null) {
        continue;
      }
      if (r.method.equals(method) || ("HEAD".equals(method) && "GET".equals(r.method))) {
        return new Match(r.handler, params, Set.of());
      }
      allowed.add(r.method);
    }
    return new Match(null, Map.of(), allowed);
  }

  private static Map<String, String> bind(String[] pattern, String[] parts) {
    if (pattern.length != parts.length) {
      return null;
    }
    Map<String, String> params = null;
    for (int i = 0; i < pattern.length; i++) {
      String p = pattern[i];
      if (p.startsWith("{") && p.endsWith("}")) {
        if (parts[i].isEmpty()) {
          return null;
        }
        if (params == null) {
          params = new HashMap<>(4);
        }
        params.put(p.substring(1, p.length() - 1), parts[i]);
      } else if (!p.equals(parts[i])) {
        return null;
      }
    }
    return params == null ? Map.of() : params;
  }

  private static String[] split(String path) {
    String p = path.startsWith("/") ? path.substring(1) : path;
    if (p.endsWith("/")) {
      p = p.substring(0, p.length() - 1);
    }
    return p.isEmpty() ? new String[0] : p.split("/", -1);
  }
}

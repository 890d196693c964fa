package com.serveurcom.astreinte.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse.BodyHandlers;
import java.net.http.HttpTimeoutException;
import java.time.Duration;

/** The running server's HTTP API as the command line uses it: JSON in, JSON out, bearer token. */
final class ApiClient {
  /** The server's answer; {@code body} is its JSON (an object). */
  record Response(int status, JsonNode body) {
    boolean ok() {
      return status >= 200 && status < 300;
    }

    /** "error (field: x)" from the API's error body. */
    String error() {
      return ApiErrors.french(status, body);
    }
  }

  /** The server could not be reached; the message says what to do. */
  static final class Unreachable extends Exception {
    private static final long serialVersionUID = 1L;

    Unreachable(String message) {
      super(message, null, false, false);
    }
  }

  private final URI base;
  private final String token;
  private final HttpClient http;
  private final ObjectMapper mapper = new ObjectMapper();

  ApiClient(URI base, String token) {
    this.base = base;
    this.token = token;
    this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  }

  ObjectMapper mapper() {
    return mapper;
  }

  Response get(String path) throws Unreachable {
    return send(HttpRequest.newBuilder(uri(path)).GET());
  }

  Response post(String path, Object body) throws Unreachable {
    return send(HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json")
        .POST(BodyPublishers.ofByteArray(bytes(body))));
  }

  Response put(String path, Object body) throws Unreachable {
    return send(HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json")
        .PUT(BodyPublishers.ofByteArray(bytes(body))));
  }

  Response delete(String path) throws Unreachable {
    return send(HttpRequest.newBuilder(uri(path)).DELETE());
  }

  /** A body that is not JSON (a CSV or HTML report): the bytes as the server sent them. */
  record Raw(int status, byte[] body) {}

  Raw raw(String path) throws Unreachable {
    HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).GET().timeout(Duration.ofSeconds(120))
        .header("Authorization", "Bearer " + token);
    try {
      var r = http.send(request.build(), BodyHandlers.ofByteArray());
      return new Raw(r.statusCode(), r.body());
    } catch (ConnectException | HttpConnectTimeoutException e) {
      throw new Unreachable(noServer());
    } catch (IOException e) {
      throw new Unreachable("échange impossible avec le serveur " + base + " : " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new Unreachable("interrompu");
    }
  }

  /** The error of a non-2xx raw answer, with its status, from its JSON body when it has one. */
  String error(Raw r) {
    try {
      return new Response(r.status(), mapper.readTree(r.body())).error();
    } catch (IOException e) {
      return ApiErrors.french(r.status(), mapper.createObjectNode());
    }
  }

  static String encode(String s) {
    return java.net.URLEncoder.encode(s, java.nio.charset.StandardCharsets.UTF_8);
  }

  private String noServer() {
    return "aucun serveur Astreinte ne répond à " + base
        + " (le démarrer avec 'bin/astreinte serve', ou indiquer son adresse avec --api ou ASTREINTE_API_URL)";
  }

  private URI uri(String path) {
    String b = base.toString();
    return URI.create((b.endsWith("/") ? b.substring(0, b.length() - 1) : b) + path);
  }

  private byte[] bytes(Object body) {
    try {
      return mapper.writeValueAsBytes(body);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private Response send(HttpRequest.Builder request) throws Unreachable {
    request.timeout(Duration.ofSeconds(30)).header("Accept", "application/json")
        .header("Authorization", "Bearer " + token);
    try {
      var r = http.send(request.build(), BodyHandlers.ofByteArray());
      JsonNode body;
      try {
        body = r.body().length == 0 ? mapper.createObjectNode() : mapper.readTree(r.body());
      } catch (IOException e) {
        body = mapper.createObjectNode().put("error", "the server answered HTTP " + r.statusCode() + " without JSON");
      }
      return new Response(r.statusCode(), body);
    } catch (ConnectException | HttpConnectTimeoutException e) {
      throw new Unreachable(noServer());
    } catch (HttpTimeoutException e) {
      throw new Unreachable("le serveur " + base + " n'a pas répondu en 30 s");
    } catch (IOException e) {
      throw new Unreachable("échange impossible avec le serveur " + base + " : " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new Unreachable("interrompu");
    }
  }
}

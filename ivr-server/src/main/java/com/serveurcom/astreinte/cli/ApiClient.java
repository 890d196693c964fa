package com.serveurcom.astreinte.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * The command line's way to the running server: its HTTP API. The embedded database belongs to
 * the server process (its data directory is locked), so commands that read data ask the server.
 */
final class ApiClient {
  static final String ENV_URL = "ASTREINTE_API_URL";
  static final String DEFAULT_URL = "http://127.0.0.1:8080";

  /** A failure to report to the person at the shell, in French, with the exit status. */
  static final class Failure extends Exception {
    private static final long serialVersionUID = 1L;

    Failure(String message) {
      super(message, null, false, false);
    }
  }

  private final String baseUrl;
  private final Optional<String> token;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  ApiClient(String baseUrl, Optional<String> token) {
    this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
    this.token = token;
  }

  /** Base URL: the option, else ASTREINTE_API_URL, else the default; token: ASTREINTE_API_TOKEN, else the data dir's file. */
  static ApiClient of(String urlOption, Path dataDir) {
    String url = urlOption;
    if (url == null || url.isBlank()) {
      String env = System.getenv(ENV_URL);
      url = env != null && !env.isBlank() ? env : DEFAULT_URL;
    }
    return new ApiClient(url, ApiTokenFile.forClient(dataDir));
  }

  /** GETs {@code pathAndQuery}; the body on 200, else a Failure with the server's reason. */
  byte[] get(String pathAndQuery) throws Failure {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(baseUrl + pathAndQuery)).timeout(Duration.ofSeconds(60));
    token.ifPresent(t -> b.header("Authorization", "Bearer " + t));
    HttpResponse<byte[]> r;
    try {
      r = http.send(b.GET().build(), HttpResponse.BodyHandlers.ofByteArray());
    } catch (ConnectException e) {
      throw new Failure("le serveur ne répond pas à " + baseUrl + " (bin/astreinte serve est-il lancé ? sinon régler "
          + ENV_URL + ")");
    } catch (IOException e) {
      throw new Failure("échec de la requête vers " + baseUrl + " : " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new Failure("interrompu");
    }
    if (r.statusCode() == 200) {
      return r.body();
    }
    if (r.statusCode() == 401) {
      throw new Failure("jeton d'API refusé ou absent (régler ASTREINTE_API_TOKEN, ou --data vers le répertoire de données du serveur)");
    }
    throw new Failure("le serveur répond " + r.statusCode() + " : " + errorOf(r.body()));
  }

  private static String errorOf(byte[] body) {
    try {
      JsonNode n = new ObjectMapper().readTree(body);
      return n.has("error") ? n.get("error").asText() : new String(body, java.nio.charset.StandardCharsets.UTF_8);
    } catch (IOException e) {
      return new String(body, java.nio.charset.StandardCharsets.UTF_8);
    }
  }

  static String encode(String s) {
    return java.net.URLEncoder.encode(s, java.nio.charset.StandardCharsets.UTF_8);
  }
}

package com.serveurcom.astreinte.cli;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * The command line's way into a running server: {@code ASTREINTE_API_URL} (default
 * {@code http://127.0.0.1:8080}) with the bearer token of {@code ASTREINTE_API_TOKEN} or the server's
 * token file under the data directory.
 */
final class ApiClient {
  static final String ENV_URL = "ASTREINTE_API_URL";
  static final String DEFAULT_URL = "http://127.0.0.1:8080";

  record Answer(int status, String body) {}

  private final URI base;
  private final String token;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  ApiClient(URI base, String token) {
    String s = base.toString();
    this.base = URI.create(s.endsWith("/") ? s.substring(0, s.length() - 1) : s);
    this.token = token;
  }

  /** Empty (with the reason on stderr) when no token can be found. */
  static Optional<ApiClient> fromEnvironment(Path dataDir) {
    String url = System.getenv(ENV_URL);
    Optional<String> token = ApiTokenFile.forClient(dataDir);
    if (token.isEmpty()) {
      System.err.println("astreinte : pas de jeton d'API (" + ApiTokenFile.ENV + " ou " + ApiTokenFile.file(dataDir) + ")");
      return Optional.empty();
    }
    return Optional.of(new ApiClient(URI.create(url == null || url.isBlank() ? DEFAULT_URL : url.trim()), token.get()));
  }

  Answer get(String pathAndQuery) throws IOException, InterruptedException {
    return send(HttpRequest.newBuilder(base.resolve(pathAndQuery)).GET());
  }

  Answer postJson(String path, String json) throws IOException, InterruptedException {
    return send(HttpRequest.newBuilder(base.resolve(path)).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8)));
  }

  private Answer send(HttpRequest.Builder b) throws IOException, InterruptedException {
    HttpResponse<String> r = http.send(b.timeout(Duration.ofSeconds(15)).header("Authorization", "Bearer " + token)
        .build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    return new Answer(r.statusCode(), r.body());
  }
}

package com.serveurcom.astreinte.cli;

import com.serveurcom.astreinte.http.ApiTokens;
import java.net.URI;
import java.nio.file.Path;
import java.security.SecureRandom;
import picocli.CommandLine.Option;

/** Options of the commands that talk to the running server: where it is, its token, JSON output. */
final class ApiOptions {
  static final int EXIT_OK = 0;
  /** The server refused the request (4xx/5xx): the message is on stderr. */
  static final int EXIT_REFUSED = 1;
  static final int EXIT_USAGE = 2;
  /** No server, or no token to talk to it. */
  static final int EXIT_UNAVAILABLE = 3;

  @Option(names = "--api", paramLabel = "URL", defaultValue = "${env:ASTREINTE_API_URL:-http://127.0.0.1:8080}",
      description = "Base URL of the running server (default: $ASTREINTE_API_URL, else ${DEFAULT-VALUE}).")
  String api;

  @Option(names = "--data", paramLabel = "DIR", defaultValue = "${env:ASTREINTE_DATA_DIR:-data}",
      description = "Data directory holding the api-token file (default: $ASTREINTE_DATA_DIR, else ./data).")
  Path data;

  @Option(names = "--json", description = "Print the server's JSON, one object per line.")
  boolean json;

  /** A client for the server, or a clear message when there is no token to use. */
  ApiClient client() throws ApiClient.Unreachable {
    URI base;
    try {
      base = URI.create(api.trim());
      if (base.getScheme() == null || base.getHost() == null) {
        throw new IllegalArgumentException();
      }
    } catch (IllegalArgumentException e) {
      throw new ApiClient.Unreachable("--api must be a URL such as http://127.0.0.1:8080");
    }
    // The client never creates a token: SecureRandom is unused on this path.
    ApiTokens tokens = new ApiTokens(System.getenv(), data, new SecureRandom());
    String token = tokens.existing().map(ApiTokens.Resolved::token).orElseThrow(() -> new ApiClient.Unreachable(
        "no API token: set " + ApiTokens.ENV + ", or run where the server's data directory is (--data, now "
            + tokens.file() + ")"));
    return new ApiClient(base, token);
  }
}

package com.serveurcom.astreinte.cli;

import com.serveurcom.astreinte.Settings;
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

  @Option(names = "--api", paramLabel = "URL", defaultValue = "http://127.0.0.1:8080",
      description = "Adresse du serveur en marche (défaut : $ASTREINTE_API_URL, sinon ${DEFAULT-VALUE}).")
  String api;

  @Option(names = "--data", paramLabel = "DIR", defaultValue = "data",
      description = "Dossier de données qui contient le fichier api-token (défaut : $ASTREINTE_DATA_DIR, sinon ./data).")
  Path data;

  @Option(names = "--json", description = "Affiche le JSON du serveur, un objet par ligne.")
  boolean json;

  private final Settings settings;

  ApiOptions(Settings settings) {
    this.settings = settings;
  }

  /** A client for the server, or a clear message when there is no token to use. */
  ApiClient client() throws ApiClient.Unreachable {
    URI base;
    try {
      base = URI.create(api.trim());
      if (base.getScheme() == null || base.getHost() == null) {
        throw new IllegalArgumentException();
      }
    } catch (IllegalArgumentException e) {
      throw new ApiClient.Unreachable("--api doit être une adresse comme http://127.0.0.1:8080");
    }
    // The client never creates a token: SecureRandom is unused on this path.
    ApiTokens tokens = new ApiTokens(settings.apiToken(), data, new SecureRandom());
    String token = tokens.existing().map(ApiTokens.Resolved::token).orElseThrow(() -> new ApiClient.Unreachable(
        "aucun jeton d'API : définir " + ApiTokens.ENV + ", ou lancer la commande là où se trouve le dossier de"
            + " données du serveur (--data, ici " + tokens.file() + ")"));
    return new ApiClient(base, token);
  }
}

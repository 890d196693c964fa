package com.serveurcom.astreinte.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code pages}: what was paged, newest first, read from the running server ({@code GET /api/pages}). */
@Command(name = "pages", description = "Pages sent (or logged without Twilio), newest first; numbers masked.")
final class PagesCommand implements Callable<Integer> {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Option(names = "--limit", defaultValue = "50", description = "How many (1..1000, default ${DEFAULT-VALUE}).")
  int limit;

  @Option(names = "--ticket", paramLabel = "NUMBER", description = "Only this request's pages.")
  String ticket;

  @Option(names = "--data", paramLabel = "DIR", defaultValue = "${env:ASTREINTE_DATA_DIR:-data}",
      description = "The server's data directory, for its API token file (default: ${DEFAULT-VALUE}).")
  Path dataDir;

  @Option(names = "--json", description = "One JSON object per line.")
  boolean json;

  @Override
  public Integer call() throws Exception {
    if (ticket != null && !ticket.matches("\\d{1,20}")) {
      System.err.println("astreinte pages : --ticket ne contient que des chiffres");
      return CommonOptions.EXIT_INVALID;
    }
    Optional<ApiClient> api = ApiClient.fromEnvironment(dataDir);
    if (api.isEmpty()) {
      return OnCallAck.EXIT_UNREACHABLE;
    }
    ApiClient.Answer a;
    try {
      a = api.get().get("/api/pages?limit=" + limit + (ticket == null ? "" : "&ticket=" + ticket));
    } catch (java.io.IOException e) {
      System.err.println("astreinte pages : serveur injoignable (" + e.getMessage() + ")");
      return OnCallAck.EXIT_UNREACHABLE;
    }
    if (a.status() != 200) {
      System.err.println("astreinte pages : erreur " + a.status() + " : " + a.body());
      return OnCallAck.EXIT_REFUSED;
    }
    for (JsonNode p : JSON.readTree(a.body()).path("pages")) {
      System.out.println(json ? JSON.writeValueAsString(p) : String.format("%s  %-5s %-16s %-10s %-20s %s  %s%s",
          p.path("at").asText(), p.path("channel").asText(), p.path("kind").asText(),
          p.path("ticket").asText("-"), p.path("recipient_name").asText(""), p.path("recipient_masked").asText(),
          p.path("status").asText(), p.hasNonNull("delivery_status") ? "/" + p.get("delivery_status").asText() : ""));
    }
    return CommonOptions.EXIT_OK;
  }
}

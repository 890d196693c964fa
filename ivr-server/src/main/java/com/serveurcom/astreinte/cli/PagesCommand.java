package com.serveurcom.astreinte.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code pages}: what was paged, newest first, read from the running server ({@code GET /api/pages}). */
@Command(name = "pages", description = "Pages sent (or logged without Twilio), newest first; numbers masked.")
final class PagesCommand extends ApiCall {
  @Option(names = "--limit", defaultValue = "50", description = "How many (1..1000, default ${DEFAULT-VALUE}).")
  int limit;

  @Option(names = "--ticket", paramLabel = "NUMBER", description = "Only this request's pages.")
  String ticket;

  @Override
  ApiClient.Response send(ApiClient client) throws ApiClient.Unreachable {
    if (limit < 1 || limit > 1000) {
      throw new IllegalArgumentException("--limit must be 1..1000");
    }
    return client.get("/api/pages?limit=" + limit + (ticket == null ? "" : "&ticket=" + number(ticket)));
  }

  @Override
  void printJson(PrintWriter out, JsonNode body) {
    body.path("pages").forEach(p -> out.println(p.toString()));
  }

  @Override
  void printText(PrintWriter out, JsonNode body) {
    for (JsonNode p : body.path("pages")) {
      String delivery = text(p, "delivery_status");
      out.println(String.format("%s  %-5s %-16s %-10s %-20s %s  %s%s", text(p, "at"), text(p, "channel"),
          text(p, "kind"), text(p, "ticket"), text(p, "recipient_name"), text(p, "recipient_masked"),
          text(p, "status"), delivery.equals("-") ? "" : "/" + delivery));
    }
  }
}

package com.serveurcom.astreinte.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code escalations [--open] [--json]}: the escalations recorded by the running server. */
@Command(name = "escalations", description = "Escalades enregistrées (demande, priorité, échéance, niveau, date, notification), "
    + "lues auprès du serveur en marche.")
final class EscalationsCommand implements Callable<Integer> {
  @Option(names = "--open", description = "Seulement celles des tickets encore ouverts.")
  boolean open;

  @Option(names = "--limit", defaultValue = "500", description = "Nombre maximal de lignes (défaut : ${DEFAULT-VALUE}).")
  int limit;

  @Mixin ApiOptions api;

  PrintStream err = System.err;

  @Spec CommandSpec spec;

  /** One format for the header and the rows, so that they line up (times to the second, Paris). */
  private static final String ROW = "%-12s %-8s %-15s %-20s %-6s %-20s %s";

  @Override
  public Integer call() {
    boolean json = api.json;
    ApiClient.Response response;
    try {
      response = api.client().get("/api/escalations?open=" + open + "&limit=" + limit);
    } catch (ApiClient.Unreachable f) {
      err.println(ErrorLine.of(spec, f.getMessage()));
      return ApiOptions.EXIT_UNAVAILABLE;
    }
    if (!response.ok()) {
      err.println(ErrorLine.of(spec, response.error()));
      return ApiOptions.EXIT_REFUSED;
    }
    ObjectMapper mapper = new ObjectMapper();
    // Not closed: that would close System.out.
    Writer out = CommonOptions.out();
    try {
      JsonNode rows = response.body().path("escalations");
      if (!json && rows.isEmpty()) {
        out.write(open ? "aucune escalade sur un ticket ouvert\n" : "aucune escalade\n");
      } else if (!json) {
        out.write(String.format(ROW + "%n", "demande", "priorité", "échéance", "échue le (Paris)", "niveau",
            "escaladée (Paris)", "notifiée"));
      }
      for (JsonNode r : rows) {
        if (json) {
          out.write(mapper.writeValueAsString(r));
        } else {
          out.write(String.format(ROW, r.path("ticket").asText(),
              French.priorityAfterNoun(r.path("priority").asText()), French.deadline(r.path("deadline").asText()),
              Instants.cell(Instant.parse(r.path("deadline_at").asText())), r.path("level").asInt(),
              Instants.cell(Instant.parse(r.path("at").asText())), noticeFr(r.path("notice").asText())));
          if (r.path("skipped_levels").size() > 0) {
            List<String> skipped = new java.util.ArrayList<>();
            r.path("skipped_levels").forEach(l -> skipped.add(l.asText()));
            out.write(" (niveaux sautés : " + String.join(", ", skipped) + ")");
          }
        }
        out.write('\n');
      }
      out.flush();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return 0;
  }

  private static String noticeFr(String n) {
    return switch (n) {
      case "sent" -> "oui";
      case "pending" -> "en attente";
      case "failed" -> "échec";
      case "cancelled" -> "annulée";
      default -> "non";
    };
  }
}

package com.serveurcom.astreinte.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code report sla|oncall|availability --from DATE --to DATE [--account NAME] --format csv|html [--out FILE]}:
 * fetched from the running server, which computes it over its database.
 */
@Command(name = "report", description = "Rapports sur une période de jours calendaires (heure de Paris, --from inclus, "
    + "--to exclu) : sla, oncall (activité de l'astreinte), availability (disponibilité par compte).")
final class ReportCommand implements Callable<Integer> {
  enum Kind { sla, oncall, availability }

  enum Format { csv, html }

  @Parameters(index = "0", paramLabel = "sla|oncall|availability", description = "Le rapport : sla, oncall ou availability.")
  Kind kind;

  @Option(names = "--from", required = true, paramLabel = "AAAA-MM-JJ", description = "Premier jour (inclus).")
  String from;

  @Option(names = "--to", required = true, paramLabel = "AAAA-MM-JJ", description = "Jour de fin (exclu).")
  String to;

  @Option(names = "--account", paramLabel = "NOM", description = "Un seul compte.")
  String account;

  @Option(names = "--format", required = true, paramLabel = "csv|html",
      description = "csv (séparateur ';', virgule décimale, UTF-8 avec BOM pour Excel) ou html (une page autonome, imprimable).")
  Format format;

  @Option(names = "--out", paramLabel = "FICHIER", description = "Fichier à écrire (défaut : la sortie standard).")
  Path out;

  @Mixin ApiOptions api;

  PrintStream err = System.err;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    LocalDate f;
    LocalDate t;
    try {
      f = LocalDate.parse(from);
      t = LocalDate.parse(to);
    } catch (DateTimeParseException e) {
      err.println(ErrorLine.of(spec, "date invalide '" + e.getParsedString() + "' (attendu AAAA-MM-JJ)"));
      return CommonOptions.EXIT_INVALID;
    }
    if (!f.isBefore(t)) {
      err.println(ErrorLine.of(spec, "--to (exclu) doit suivre --from"));
      return CommonOptions.EXIT_INVALID;
    }
    String query = "/api/reports/" + kind + "?from=" + f + "&to=" + t + "&format=" + format
        + (account == null ? "" : "&account=" + ApiClient.encode(account));
    byte[] body;
    try {
      ApiClient client = api.client();
      ApiClient.Raw r = client.raw(query);
      if (r.status() != 200) {
        err.println(ErrorLine.of(spec, client.error(r)));
        return ApiOptions.EXIT_REFUSED;
      }
      body = r.body();
    } catch (ApiClient.Unreachable e) {
      err.println(ErrorLine.of(spec, e.getMessage()));
      return ApiOptions.EXIT_UNAVAILABLE;
    }
    try {
      if (out == null) {
        System.out.write(body);
        System.out.flush();
      } else {
        Files.write(out, body);
        err.println("rapport écrit dans " + out);
      }
    } catch (IOException e) {
      err.println(ErrorLine.of(spec, "impossible d'écrire " + out + " : " + e.getMessage()));
      return 1;
    }
    return 0;
  }
}

package com.serveurcom.astreinte.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code oncall take-charge ID [--by NAME]} and {@code oncall decline ID [--reason TEXT]}: acknowledge an
 * on-call request through the running server's API ({@code POST /api/oncall/{id}/...}), so that the
 * first acknowledgement wins whatever the channel. ID is the request (ticket) number.
 */
final class OnCallAck {
  static final int EXIT_REFUSED = 1;
  static final int EXIT_UNREACHABLE = 3;
  private static final ObjectMapper JSON = new ObjectMapper();

  private OnCallAck() {
  }

  abstract static class Base implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "ID", description = "The request (ticket) number, digits only.")
    String id;

    @Option(names = "--by", paramLabel = "NAME", description = "Who acknowledges (recorded, and the assignee on take-charge).")
    String by;

    @Option(names = "--data", paramLabel = "DIR", defaultValue = "${env:ASTREINTE_DATA_DIR:-data}",
        description = "The server's data directory, for its API token file (default: ${DEFAULT-VALUE}).")
    Path dataDir;

    @Option(names = "--json", description = "Print the server's JSON answer.")
    boolean json;

    abstract String action();

    abstract Map<String, Object> body();

    abstract String done();

    @Override
    public Integer call() throws Exception {
      if (id == null || !id.matches("\\d{1,20}")) {
        System.err.println("astreinte oncall " + action() + " : le numéro de demande ne contient que des chiffres");
        return CommonOptions.EXIT_INVALID;
      }
      Optional<ApiClient> api = ApiClient.fromEnvironment(dataDir);
      if (api.isEmpty()) {
        return EXIT_UNREACHABLE;
      }
      ApiClient.Answer a;
      try {
        a = api.get().postJson("/api/oncall/" + id + "/" + action(), JSON.writeValueAsString(body()));
      } catch (java.io.IOException e) {
        System.err.println("astreinte oncall " + action() + " : serveur injoignable (" + e.getMessage() + ")");
        return EXIT_UNREACHABLE;
      }
      if (json) {
        System.out.println(a.body());
      }
      switch (a.status()) {
        case 200 -> {
          if (!json) {
            System.out.println(done());
          }
          return CommonOptions.EXIT_OK;
        }
        case 409 -> System.err.println("demande " + id + " déjà prise en charge ou refusée");
        case 404 -> System.err.println("aucune demande d'astreinte en cours pour " + id);
        case 401 -> System.err.println("jeton d'API refusé");
        default -> System.err.println("erreur " + a.status() + " : " + a.body());
      }
      return EXIT_REFUSED;
    }
  }

  @Command(name = "take-charge", description = "Take charge of the on-call request ID (its ticket number).")
  static final class TakeCharge extends Base {
    @Override
    String action() {
      return "take-charge";
    }

    @Override
    Map<String, Object> body() {
      Map<String, Object> m = new LinkedHashMap<>();
      if (by != null) {
        m.put("by", by);
      }
      return m;
    }

    @Override
    String done() {
      return "demande " + id + " prise en charge";
    }
  }

  @Command(name = "decline", description = "Decline the on-call request ID as outside on-call scope (handled in business hours).")
  static final class Decline extends Base {
    @Option(names = "--reason", paramLabel = "TEXT", description = "Why it is outside on-call scope.")
    String reason;

    @Override
    String action() {
      return "decline";
    }

    @Override
    Map<String, Object> body() {
      Map<String, Object> m = new LinkedHashMap<>();
      if (by != null) {
        m.put("by", by);
      }
      if (reason != null) {
        m.put("reason", reason);
      }
      return m;
    }

    @Override
    String done() {
      return "demande " + id + " refusée, elle sera traitée aux heures ouvrées";
    }
  }
}

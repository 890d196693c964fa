package com.serveurcom.astreinte.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.serveurcom.astreinte.config.ConfigLoadResult;
import com.serveurcom.astreinte.config.ConfigLoader;
import com.serveurcom.astreinte.rota.Technician;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code oncall take-charge ID [--by NAME]} and {@code oncall decline ID [--reason TEXT]}: acknowledge an
 * on-call request through the running server's API ({@code POST /api/oncall/{id}/...}), so that the first
 * acknowledgement wins whatever the channel (SMS, keypress, API). ID is the request (ticket) number.
 * Without {@code --by}, the acknowledgement is the technician's on duty at that instant (the rota of
 * {@code config/astreinte.yaml}): the person typing it is most often answering for them.
 */
final class OnCallAck {
  private OnCallAck() {
  }

  abstract static class Ack extends ApiCall {
    @Parameters(index = "0", paramLabel = "NUMERO", description = "Le numéro de la demande (ticket), ou la référence d'un message sans demande.")
    String id;

    @Option(names = "--config", paramLabel = "DIR", defaultValue = "config",
        description = "Dossier de configuration, pour trouver le technicien d'astreinte (défaut : $ASTREINTE_CONFIG_DIR,"
            + " sinon ./config).")
    Path configDir;

    /** Injectable for tests: the instant whose technician on duty acknowledges by default. */
    Clock clock = Clock.systemUTC();

    abstract String by();

    /**
     * The name given, else the technician on duty at the server's instant (a demo server lives at the
     * instant of its last simulated call), else null (the server then records "api").
     */
    String who(ApiClient client) throws ApiClient.Unreachable {
      if (by() != null) {
        return by();
      }
      ApiClient.Response state = client.get("/api/override");
      Instant now = state.ok() ? Instants.fromApi(text(state.body(), "instant")) : null;
      if (ConfigLoader.load(configDir) instanceof ConfigLoadResult.Valid v) {
        return v.config().rota().onDutyAt(now != null ? now : clock.instant()).primary().map(Technician::name).orElse(null);
      }
      return null;
    }

    /** 404 and 409 said as the person understands them: no open request, or who handled it and when. */
    @Override
    String refusal(ApiClient client, ApiClient.Response r) throws ApiClient.Unreachable {
      if (r.status() == 404) {
        return "aucune demande d'astreinte ouverte pour " + id;
      }
      if (r.status() == 409) {
        ApiClient.Response ticket = client.get("/api/tickets/" + id);
        JsonNode t = ticket.body();
        String assignee = text(t, "assignee");
        String at = text(t, "taken_in_charge_at");
        if (ticket.ok() && !"-".equals(assignee) && !"-".equals(at)) {
          Instant when = Instants.fromApi(at);
          return "déjà prise en charge par " + assignee + " à " + Instants.clock(when) + " (heure de Paris), le "
              + Instants.date(when);
        }
        return "demande " + id + " déjà traitée (prise en charge ou refusée) par un autre canal";
      }
      return super.refusal(client, r);
    }
  }

  @Command(name = "take-charge", description = "Prend en charge la demande d'astreinte NUMERO.")
  static final class TakeCharge extends Ack {
    @Option(names = "--by", paramLabel = "NOM",
        description = "Qui prend en charge (devient le technicien de la demande ; défaut : le technicien d'astreinte"
            + " à cet instant selon config/astreinte.yaml).")
    String by;

    @Override
    String by() {
      return by;
    }

    @Override
    ApiClient.Response send(ApiClient client) throws ApiClient.Unreachable {
      Map<String, Object> body = new LinkedHashMap<>();
      String n = number(id);
      String who = who(client);
      if (who != null) {
        body.put("by", who);
      }
      return client.post("/api/oncall/" + n + "/take-charge", body);
    }

    @Override
    void printText(PrintWriter out, JsonNode body) {
      out.println("demande " + text(body, "request") + " prise en charge");
    }
  }

  @Command(name = "decline", description = "Refuse la demande d'astreinte NUMERO : hors du périmètre de l'astreinte,"
      + " elle sera traitée aux heures ouvrées.")
  static final class Decline extends Ack {
    @Option(names = "--reason", paramLabel = "TEXTE", description = "Pourquoi elle sort du périmètre de l'astreinte.")
    String reason;

    @Option(names = "--by", paramLabel = "NOM",
        description = "Qui refuse (enregistré ; défaut : le technicien d'astreinte à cet instant selon config/astreinte.yaml).")
    String by;

    @Override
    String by() {
      return by;
    }

    @Override
    ApiClient.Response send(ApiClient client) throws ApiClient.Unreachable {
      Map<String, Object> body = new LinkedHashMap<>();
      String n = number(id);
      String who = who(client);
      if (who != null) {
        body.put("by", who);
      }
      if (reason != null) {
        body.put("reason", reason);
      }
      return client.post("/api/oncall/" + n + "/decline", body);
    }

    @Override
    void printText(PrintWriter out, JsonNode body) {
      out.println("demande " + text(body, "request") + " refusée, elle sera traitée aux heures ouvrées");
    }
  }
}

package com.serveurcom.astreinte.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code oncall take-charge ID [--by NAME]} and {@code oncall decline ID [--reason TEXT]}: acknowledge an
 * on-call request through the running server's API ({@code POST /api/oncall/{id}/...}), so that the first
 * acknowledgement wins whatever the channel (SMS, keypress, API). ID is the request (ticket) number.
 */
final class OnCallAck {
  private OnCallAck() {
  }

  @Command(name = "take-charge", description = "Take charge of the on-call request ID (its ticket number).")
  static final class TakeCharge extends ApiCall {
    @Parameters(index = "0", paramLabel = "ID", description = "The request (ticket) number, or the reference of a message without a request.")
    String id;

    @Option(names = "--by", paramLabel = "NAME", defaultValue = "${env:USER}",
        description = "Who takes charge (the ticket's assignee; default: $USER).")
    String by;

    @Override
    ApiClient.Response send(ApiClient client) throws ApiClient.Unreachable {
      Map<String, Object> body = new LinkedHashMap<>();
      if (by != null) {
        body.put("by", by);
      }
      return client.post("/api/oncall/" + number(id) + "/take-charge", body);
    }

    @Override
    void printText(PrintWriter out, JsonNode body) {
      out.println("demande " + text(body, "request") + " prise en charge");
    }
  }

  @Command(name = "decline", description = "Decline the on-call request ID as outside on-call scope (business hours).")
  static final class Decline extends ApiCall {
    @Parameters(index = "0", paramLabel = "ID", description = "The request (ticket) number, or the reference of a message without a request.")
    String id;

    @Option(names = "--reason", paramLabel = "TEXT", description = "Why it is outside on-call scope.")
    String reason;

    @Option(names = "--by", paramLabel = "NAME", defaultValue = "${env:USER}", description = "Who declines (recorded; default: $USER).")
    String by;

    @Override
    ApiClient.Response send(ApiClient client) throws ApiClient.Unreachable {
      Map<String, Object> body = new LinkedHashMap<>();
      if (by != null) {
        body.put("by", by);
      }
      if (reason != null) {
        body.put("reason", reason);
      }
      return client.post("/api/oncall/" + number(id) + "/decline", body);
    }

    @Override
    void printText(PrintWriter out, JsonNode body) {
      out.println("demande " + text(body, "request") + " refusée, elle sera traitée aux heures ouvrées");
    }
  }
}

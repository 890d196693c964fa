package com.serveurcom.astreinte.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * One request to the running server and its answer printed: text by default, the server's JSON
 * with {@code --json}. Errors go to stderr, prefixed with the command's name.
 */
abstract class ApiCall implements Callable<Integer> {
  @Mixin ApiOptions api;
  @Spec CommandSpec spec;

  /** Sends the request; an IllegalArgumentException is a usage error reported before any request. */
  abstract ApiClient.Response send(ApiClient client) throws ApiClient.Unreachable;

  abstract void printText(PrintWriter out, JsonNode body);

  void printJson(PrintWriter out, JsonNode body) {
    out.println(body.toString());
  }

  @Override
  public final Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    try {
      ApiClient client = api.client();
      ApiClient.Response r = send(client);
      if (!r.ok()) {
        err.println(ErrorLine.of(spec, refusal(client, r)));
        err.flush();
        return ApiOptions.EXIT_REFUSED;
      }
      if (api.json) {
        printJson(out, r.body());
      } else {
        printText(out, r.body());
      }
      out.flush();
      return ApiOptions.EXIT_OK;
    } catch (IllegalArgumentException e) {
      err.println(ErrorLine.of(spec, e.getMessage()));
      err.flush();
      return ApiOptions.EXIT_USAGE;
    } catch (ApiClient.Unreachable e) {
      err.println(ErrorLine.of(spec, e.getMessage()));
      err.flush();
      return ApiOptions.EXIT_UNAVAILABLE;
    }
  }

  /** What the person reads when the server refuses; a command may explain its own refusals better. */
  String refusal(ApiClient client, ApiClient.Response r) throws ApiClient.Unreachable {
    return r.error();
  }

  /** The text of a JSON field, or "-" when null or absent. */
  static String text(JsonNode node, String field) {
    JsonNode v = node.get(field);
    return v == null || v.isNull() ? "-" : v.asText();
  }

  /** URL-encodes a query value. */
  static String q(String value) {
    return java.net.URLEncoder.encode(value, java.nio.charset.StandardCharsets.UTF_8);
  }

  /** A path segment typed by the user; anything but digits is refused before reaching the server. */
  static String number(String value) {
    if (value == null || !value.matches("[0-9]{4,12}")) {
      throw new IllegalArgumentException("un numéro de demande a 4 à 12 chiffres : '" + value + "'");
    }
    return value;
  }
}

package com.serveurcom.astreinte.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code ticket create|show|list|event}: requests, through the running server's API. */
@Command(name = "ticket", description = "Requests (tickets), through the running server's API.",
    subcommands = {TicketCommand.Create.class, TicketCommand.Show.class, TicketCommand.ListTickets.class,
        TicketCommand.Event.class})
final class TicketCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getErr());
  }

  /** One line: number, status, priority, service, account, next deadline, subject. */
  static String line(JsonNode t) {
    return String.format("%-12s %-16s %-6s %-14s account %-5s next deadline %-20s %s",
        ApiCall.text(t, "number"), ApiCall.text(t, "status"), ApiCall.text(t, "priority"),
        ApiCall.text(t, "service"), ApiCall.text(t, "account_id"), ApiCall.text(t, "next_deadline"),
        ApiCall.text(t, "subject"));
  }

  static void printTicket(PrintWriter out, JsonNode t) {
    out.println(line(t));
    out.println("  contact: " + ApiCall.text(t, "contact_name") + ", " + ApiCall.text(t, "contact_phone") + ", "
        + ApiCall.text(t, "contact_email") + (t.path("compliant").asBoolean() ? "" : "  (not compliant)"));
    out.println("  assignee: " + ApiCall.text(t, "assignee") + "  motive: " + ApiCall.text(t, "motive"));
    out.println("  opened " + ApiCall.text(t, "opened_at") + ", take charge by " + ApiCall.text(t, "take_charge_by")
        + ", resolve by " + ApiCall.text(t, "resolve_by"));
    if (!t.path("description").isMissingNode() && !t.path("description").isNull()) {
      out.println("  description: " + ApiCall.text(t, "description"));
    }
    JsonNode events = t.path("events");
    if (events.isArray()) {
      out.println("  history:");
      for (JsonNode e : events) {
        out.println("    " + ApiCall.text(e, "at") + "  " + ApiCall.text(e, "actor") + "  " + ApiCall.text(e, "kind")
            + "  " + e.path("details"));
      }
    }
  }

  @Command(name = "create", description = "Open a request; the server issues its number.")
  static final class Create extends ApiCall {
    @Option(names = "--account", required = true, description = "Account id.") long account;
    @Option(names = "--service", required = true, description = "technical, commercial or administrative.") String service;
    @Option(names = "--priority", required = true, description = "low, medium or high.") String priority;
    @Option(names = "--subject", required = true, description = "Subject.") String subject;
    @Option(names = "--contact-name", description = "Contact name.") String contactName;
    @Option(names = "--contact-phone", paramLabel = "E164", description = "Contact phone, e.g. +33612345678.") String contactPhone;
    @Option(names = "--contact-email", description = "Contact e-mail.") String contactEmail;
    @Option(names = "--description", description = "Description.") String description;
    @Option(names = "--motive", description = "Motive.") String motive;
    @Option(names = "--actor", description = "Who opens it (default: api).") String actor;

    @Override
    ApiClient.Response send(ApiClient client) throws ApiClient.Unreachable {
      ObjectNode body = client.mapper().createObjectNode().put("account_id", account).put("service", service)
          .put("priority", priority).put("subject", subject);
      putIf(body, "contact_name", contactName);
      putIf(body, "contact_phone", contactPhone);
      putIf(body, "contact_email", contactEmail);
      putIf(body, "description", description);
      putIf(body, "motive", motive);
      putIf(body, "actor", actor);
      return client.post("/api/tickets", body);
    }

    @Override
    void printText(PrintWriter out, JsonNode body) {
      printTicket(out, body);
    }
  }

  @Command(name = "show", description = "A request with its deadlines and history.")
  static final class Show extends ApiCall {
    @Parameters(paramLabel = "NUMBER") String number;

    @Override
    ApiClient.Response send(ApiClient client) throws ApiClient.Unreachable {
      return client.get("/api/tickets/" + number(number));
    }

    @Override
    void printText(PrintWriter out, JsonNode body) {
      printTicket(out, body);
    }
  }

  @Command(name = "list", description = "Requests, most recently opened first.")
  static final class ListTickets extends ApiCall {
    @Option(names = "--status", split = ",", description = "new, in_progress, waiting_customer, resolved, closed (comma-separated).")
    List<String> status;
    @Option(names = "--priority", split = ",", description = "low, medium, high (comma-separated).") List<String> priority;
    @Option(names = "--account", description = "Account id.") Long account;
    @Option(names = "--limit", description = "At most this many (default 100, at most 1000).") Integer limit;

    @Override
    ApiClient.Response send(ApiClient client) throws ApiClient.Unreachable {
      List<String> params = new ArrayList<>();
      if (status != null) {
        params.add("status=" + q(String.join(",", status)));
      }
      if (priority != null) {
        params.add("priority=" + q(String.join(",", priority)));
      }
      if (account != null) {
        params.add("account=" + account);
      }
      if (limit != null) {
        params.add("limit=" + limit);
      }
      return client.get("/api/tickets" + (params.isEmpty() ? "" : "?" + String.join("&", params)));
    }

    @Override
    void printText(PrintWriter out, JsonNode body) {
      for (JsonNode t : body.path("tickets")) {
        out.println(line(t));
      }
    }

    /** One ticket per line, so a script can read them as a stream. */
    @Override
    void printJson(PrintWriter out, JsonNode body) {
      for (JsonNode t : body.path("tickets")) {
        out.println(t.toString());
      }
    }
  }

  @Command(name = "event", description = "Record an event: comment, take_charge, change_priority, resolve, close, reopen.")
  static final class Event extends ApiCall {
    @Parameters(paramLabel = "NUMBER") String number;
    @Option(names = "--kind", required = true, description = "comment, take_charge, change_priority, resolve, close or reopen.") String kind;
    @Option(names = "--actor", description = "Who does it (default: api).") String actor;
    @Option(names = "--text", description = "Comment text, resolution or reopening reason.") String text;
    @Option(names = "--assignee", description = "Technician taking charge (take_charge).") String assignee;
    @Option(names = "--priority", description = "New priority (change_priority).") String priority;

    @Override
    ApiClient.Response send(ApiClient client) throws ApiClient.Unreachable {
      String n = number(number);
      ObjectNode body = client.mapper().createObjectNode().put("kind", kind);
      putIf(body, "actor", actor);
      putIf(body, "text", text);
      putIf(body, "assignee", assignee);
      putIf(body, "priority", priority);
      return client.post("/api/tickets/" + n + "/events", body);
    }

    @Override
    void printText(PrintWriter out, JsonNode body) {
      printTicket(out, body);
    }
  }

  private static void putIf(ObjectNode body, String field, String value) {
    if (value != null) {
      body.put(field, value);
    }
  }
}

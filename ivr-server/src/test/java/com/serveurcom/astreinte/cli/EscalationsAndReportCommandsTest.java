package com.serveurcom.astreinte.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.serveurcom.astreinte.account.Account;
import com.serveurcom.astreinte.account.AccountStore;
import com.serveurcom.astreinte.account.NewAccount;
import com.serveurcom.astreinte.database.Database;
import com.serveurcom.astreinte.database.DatabaseConfig;
import com.serveurcom.astreinte.escalation.EscalationEngine;
import com.serveurcom.astreinte.escalation.EscalationMatrix;
import com.serveurcom.astreinte.escalation.EscalationQuery;
import com.serveurcom.astreinte.http.BearerToken;
import com.serveurcom.astreinte.http.EscalationApi;
import com.serveurcom.astreinte.http.HttpServer;
import com.serveurcom.astreinte.http.JsonBodies;
import com.serveurcom.astreinte.http.ReportApi;
import com.serveurcom.astreinte.http.Router;
import com.serveurcom.astreinte.report.Reports;
import com.serveurcom.astreinte.ticket.SlaDeadlines;
import com.serveurcom.astreinte.ticket.NewTicket;
import com.serveurcom.astreinte.ticket.Priority;
import com.serveurcom.astreinte.ticket.Service;
import com.serveurcom.astreinte.ticket.Ticket;
import com.serveurcom.astreinte.ticket.TicketStore;
import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The two commands against a real server's API (embedded PostgreSQL, Netty), as a separate client would run them. */
class EscalationsAndReportCommandsTest {
  @TempDir static Path data;
  static Database database;
  static HttpServer server;
  static String base;
  static Ticket high;

  @RegisterExtension final ConsoleCapture console = new ConsoleCapture();
  private final ByteArrayOutputStream out = console.out;
  private final ByteArrayOutputStream err = console.err;

  @BeforeAll
  static void start() throws Exception {
    database = Database.start(DatabaseConfig.embedded(data.resolve("postgres")));
    Instant t0 = Instant.parse("2026-03-10T21:00:00Z");
    Clock clock = Clock.fixed(t0, ZoneOffset.UTC);
    Account acme = new AccountStore(database, clock).create(new NewAccount("ACME", true, Set.of(Service.TECHNICAL),
        List.of()));
    TicketStore store = new TicketStore(database, (p, from, oncall) -> new SlaDeadlines(from.plus(Duration.ofMinutes(30)),
        from.plus(Duration.ofHours(4))), clock);
    high = store.create(new NewTicket(acme.id(), Service.TECHNICAL, null, Priority.HIGH, "Panne", null, "Jeanne", null,
        "+33612345678"), "agent");
    EscalationEngine engine = new EscalationEngine(database, () -> EscalationMatrix.seed(Map.of()), at -> false,
        EscalationEngine.DEFAULT_WARNING_LEAD);
    engine.runOnce(t0.plus(Duration.ofMinutes(61)));

    JsonBodies json = new JsonBodies();
    Router router = new Router();
    new EscalationApi(new EscalationQuery(database), json).register(router);
    new ReportApi(new Reports(database), json, Clock.fixed(Instant.parse("2026-04-01T00:00:00Z"), ZoneOffset.UTC))
        .register(router);
    server = new HttpServer(router, json, new BearerToken("t0ken"), 1024, 2);
    InetSocketAddress a = server.start(new InetSocketAddress("127.0.0.1", 0));
    base = "http://127.0.0.1:" + a.getPort();
    Files.writeString(data.resolve("api-token"), "t0ken\n");
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
    }
    if (database != null) {
      database.close();
    }
  }

  private int run(String... args) {
    String[] all = new String[args.length + 4];
    System.arraycopy(args, 0, all, 0, args.length);
    all[args.length] = "--api";
    all[args.length + 1] = base;
    all[args.length + 2] = "--data";
    all[args.length + 3] = data.toString();
    return AstreinteCommand.execute(all);
  }

  @Test
  void escalationsListsWhatTheEngineRecorded() {
    assertThat(run("escalations", "--open")).isZero();
    String text = out.toString(StandardCharsets.UTF_8);
    assertThat(text).contains("demande", high.number(), "élevé", "prise en charge", "en attente", "niveaux sautés : 1");
    // The header names each column where its data starts.
    List<String> rows = text.lines().toList();
    String header = rows.get(0);
    String row = rows.stream().filter(l -> l.startsWith(high.number())).findFirst().orElseThrow();
    for (String column : List.of("priorité", "échéance", "échue le", "niveau", "escaladée", "notifiée")) {
      int at = header.indexOf(column);
      assertThat(row.charAt(at - 1)).as(column).isEqualTo(' ');
      assertThat(row.charAt(at)).as(column + " in " + row).isNotEqualTo(' ');
    }

    out.reset();
    assertThat(run("escalations", "--json")).isZero();
    String line = out.toString(StandardCharsets.UTF_8).trim();
    assertThat(line.lines()).hasSize(1);
    assertThat(line).contains("\"ticket\":\"" + high.number() + "\"", "\"level\":2", "\"deadline\":\"take_charge\"",
        "\"notified\":false", "\"notice\":\"pending\"");
  }

  @Test
  void reportsComeFromTheServerInCsvAndHtml() throws Exception {
    Path file = data.resolve("sla.csv");
    assertThat(run("report", "sla", "--from", "2026-03-01", "--to", "2026-04-01", "--format", "csv", "--out",
        file.toString())).isZero();
    String csv = Files.readString(file, StandardCharsets.UTF_8);
    // Opened 21:00, level 2 recorded for the take-charge deadline; still open at the report's instant.
    assertThat(csv).startsWith("\uFEFFpriorité;").contains("\r\nélevé;1;0;1;0;0;1;0;1;");

    out.reset();
    assertThat(run("report", "availability", "--from", "2026-03-01", "--to", "2026-04-01", "--account", "ACME",
        "--format", "html")).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8)).startsWith("<!DOCTYPE html>").contains("<svg", "ACME");

    assertThat(run("report", "oncall", "--from", "2026-03-01", "--to", "2026-04-01", "--account", "Nobody",
        "--format", "csv")).isEqualTo(1);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("astreinte: report: compte inconnu : Nobody");

    assertThat(run("report", "sla", "--from", "2026-04-01", "--to", "2026-03-01", "--format", "csv")).isEqualTo(2);
  }

  @Test
  void theApiRefusesBadParametersAndAMissingToken() throws Exception {
    HttpClient client = HttpClient.newHttpClient();
    var bad = client.send(java.net.http.HttpRequest.newBuilder(URI.create(base + "/api/reports/sla?from=2026-13-01&to=2026-04-01"))
        .header("Authorization", "Bearer t0ken").build(), java.net.http.HttpResponse.BodyHandlers.ofString());
    assertThat(bad.statusCode()).isEqualTo(400);
    assertThat(bad.body()).contains("\"field\":\"from\"");
    var json = client.send(java.net.http.HttpRequest.newBuilder(URI.create(base
            + "/api/reports/availability?from=2026-03-01&to=2026-04-01&format=json"))
        .header("Authorization", "Bearer t0ken").build(), java.net.http.HttpResponse.BodyHandlers.ofString());
    assertThat(json.statusCode()).isEqualTo(200);
    assertThat(json.body()).contains("\"account\":\"ACME\"");
    var anonymous = client.send(java.net.http.HttpRequest.newBuilder(URI.create(base + "/api/escalations")).build(),
        java.net.http.HttpResponse.BodyHandlers.ofString());
    assertThat(anonymous.statusCode()).isEqualTo(401);
  }
}

package com.serveurcom.astreinte.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.serveurcom.astreinte.account.AccountStore;
import com.serveurcom.astreinte.account.NewAccount;
import com.serveurcom.astreinte.escalation.Contact;
import com.serveurcom.astreinte.oncall.OnCallMessage;
import com.serveurcom.astreinte.oncall.OnCallRequests;
import com.serveurcom.astreinte.outbox.Outbox;
import com.serveurcom.astreinte.paging.Acknowledgements;
import com.serveurcom.astreinte.paging.LogPager;
import com.serveurcom.astreinte.paging.PageLog;
import com.serveurcom.astreinte.paging.PagingEngine;
import com.serveurcom.astreinte.paging.PagingHealth;
import com.serveurcom.astreinte.paging.PagingLinks;
import com.serveurcom.astreinte.paging.PagingMetrics;
import com.serveurcom.astreinte.rota.OnCallScope;
import com.serveurcom.astreinte.rota.PagingTimings;
import com.serveurcom.astreinte.rota.Rota;
import com.serveurcom.astreinte.rota.Rotation;
import com.serveurcom.astreinte.rota.Technician;
import com.serveurcom.astreinte.testing.MutableClock;
import com.serveurcom.astreinte.testing.TestDatabase;
import com.serveurcom.astreinte.testing.TestSla;
import com.serveurcom.astreinte.ticket.NewTicket;
import com.serveurcom.astreinte.ticket.Priority;
import com.serveurcom.astreinte.ticket.Service;
import com.serveurcom.astreinte.ticket.TicketStatus;
import com.serveurcom.astreinte.ticket.TicketStore;
import com.serveurcom.astreinte.twilio.PageTwiml;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The acknowledgement and page-list routes over real HTTP, on a real database, without Twilio (LogPager). */
class OnCallApiTest {
  @RegisterExtension
  static final TestDatabase db = new TestDatabase();

  static final Technician ALICE = new Technician("alice", "Alice Martin", "+33611111111");
  static final String TOKEN = "api-test-token";
  static MutableClock clock = new MutableClock(Instant.parse("2026-01-10T22:00:00Z"));
  static HttpServer server;
  static URI base;
  static TicketStore tickets;
  static OnCallRequests requests;
  static PagingEngine engine;
  static long accountId;
  static final HttpClient http = HttpClient.newHttpClient();

  @BeforeAll
  static void start() throws Exception {
    Rota rota = new Rota(List.of(ALICE), new Rotation(List.of("alice"), DayOfWeek.MONDAY, LocalTime.of(8, 30),
        LocalDate.of(2026, 1, 5), ZoneId.of("Europe/Paris")), List.of(), List.of(),
        new Contact("Chef", "+33699999999", null), PagingTimings.seed(), OnCallScope.defaults());
    var database = db.database();
    Outbox outbox = new Outbox(database);
    tickets = new TicketStore(database, TestSla.TWENTY_FOUR_SEVEN, clock);
    requests = new OnCallRequests(database);
    accountId = new AccountStore(database, clock)
        .create(new NewAccount("ACME", true, Set.of(Service.TECHNICAL), List.of())).id();
    PagingMetrics metrics = new PagingMetrics(new SimpleMeterRegistry());
    PagingLinks links = PagingLinks.of(URI.create("https://astreinte.example.com"), Optional.empty());
    engine = new PagingEngine(database, outbox, () -> rota, new LogPager(), new PageTwiml(), links, metrics,
        PagingHealth.NONE, PagingEngine.Settings.defaults("api-test"));
    Acknowledgements acks = new Acknowledgements(database, outbox, tickets, () -> rota, links, metrics, clock, () -> { });
    Json json = new Json();
    Router router = new Router();
    new OnCallApi(acks, json).register(router);
    new PageApi(new PageLog(database), json).register(router);
    server = new HttpServer(router, json, new com.serveurcom.astreinte.http.BearerToken(TOKEN), 64 * 1024, 2);
    InetSocketAddress a = server.start(new InetSocketAddress("127.0.0.1", 0));
    base = URI.create("http://127.0.0.1:" + a.getPort());
  }

  @AfterAll
  static void stop() {
    server.close();
    engine.close();
  }

  @Test
  void takeChargeThenAgainThenUnknown() throws Exception {
    String n = pagedRequest();
    HttpResponse<String> r = post("/api/oncall/" + n + "/take-charge", "{\"by\":\"Alice Martin\"}");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).contains("\"outcome\":\"accepted\"");
    var t = tickets.find(n).orElseThrow();
    assertThat(t.status()).isEqualTo(TicketStatus.IN_PROGRESS);
    assertThat(t.assignee()).isEqualTo("Alice Martin");

    assertThat(post("/api/oncall/" + n + "/take-charge", "").statusCode()).isEqualTo(409);
    assertThat(post("/api/oncall/" + n + "/decline", "").statusCode()).isEqualTo(409);
    assertThat(post("/api/oncall/77770001/take-charge", "").statusCode()).isEqualTo(404);
    assertThat(post("/api/oncall/abc/take-charge", "").statusCode()).isEqualTo(400);
    assertThat(post("/api/oncall/" + n + "/take-charge", "{\"who\":1}").statusCode()).isEqualTo(400);
  }

  @Test
  void declineWithAReason() throws Exception {
    String n = pagedRequest();
    HttpResponse<String> r = post("/api/oncall/" + n + "/decline", "{\"reason\":\"demande commerciale\"}");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(db.database().dsl().fetchValue("select decline_reason from oncall_request where ticket_number = ?", n))
        .isEqualTo("demande commerciale");
  }

  @Test
  void pagesAreListedWithMaskedNumbersAndNeedTheToken() throws Exception {
    String n = pagedRequest();
    HttpResponse<String> r = http.send(java.net.http.HttpRequest.newBuilder(base.resolve("/api/pages?ticket=" + n))
        .header("Authorization", "Bearer " + TOKEN).GET().build(), HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).contains("\"channel\":\"sms\"").contains("\"channel\":\"voice\"")
        .contains("\"recipient_masked\":\"+336******11\"").contains("\"provider\":\"log\"")
        .doesNotContain(ALICE.mobile());
    HttpResponse<String> anonymous = http.send(java.net.http.HttpRequest.newBuilder(base.resolve("/api/pages")).GET()
        .build(), HttpResponse.BodyHandlers.ofString());
    assertThat(anonymous.statusCode()).isEqualTo(401);
  }

  private static String pagedRequest() {
    String n = tickets.create(new NewTicket(accountId, Service.TECHNICAL, "panne", Priority.HIGH, "Serveur arrêté",
        null, "Jean", null, "+33655555555"), "test").number();
    requests.register(new OnCallMessage(n, "+33655555555", "+33655555555", "/spool/m-" + n, "call-" + n,
        clock.instant()));
    engine.runOnce(clock.instant());
    return n;
  }

  private static HttpResponse<String> post(String path, String json) throws Exception {
    var b = java.net.http.HttpRequest.newBuilder(base.resolve(path)).header("Authorization", "Bearer " + TOKEN);
    if (!json.isEmpty()) {
      b.header("Content-Type", "application/json");
    }
    return http.send(b.POST(BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
  }
}

package com.serveurcom.astreinte.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.serveurcom.astreinte.demo.DemoFixture;
import com.serveurcom.astreinte.testing.MutableClock;
import com.serveurcom.astreinte.testing.TestDatabase;
import com.serveurcom.astreinte.testing.TestSla;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The API through real HTTP on the Netty server, over a real (embedded) PostgreSQL with the demo fixture. */
class ApiTest {
  @RegisterExtension static final TestDatabase db = new TestDatabase();
  static final Instant SATURDAY_3AM = Instant.parse("2026-11-28T02:00:00Z");
  static final int MAX_BODY = 16 * 1024;
  static final MutableClock clock = new MutableClock(SATURDAY_3AM);
  static final HttpClient client = HttpClient.newHttpClient();
  static final ObjectMapper mapper = new ObjectMapper();

  static TestApiServer api;
  static long acme;

  @BeforeAll
  static void start() throws Exception {
    api = new TestApiServer(db.database(), TestSla.TWENTY_FOUR_SEVEN, clock, MAX_BODY, 4);
    new DemoFixture(db.database(), api.accounts, api.tickets).loadBundled();
    acme = api.accounts.findByName("ACME Industrie").orElseThrow().id();
  }

  @AfterAll
  static void stop() {
    api.close();
  }

  record Reply(int status, JsonNode json, java.net.http.HttpResponse<String> raw) {
    String error() {
      return json.path("error").asText(null);
    }

    String field() {
      return json.path("field").asText(null);
    }
  }

  static Reply call(String method, String path, String body, String contentType, String token) throws Exception {
    var b = java.net.http.HttpRequest.newBuilder(URI.create(api.base + path))
        .method(method, body == null ? BodyPublishers.noBody() : BodyPublishers.ofString(body));
    if (contentType != null) {
      b.header("Content-Type", contentType);
    }
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    var r = client.send(b.build(), BodyHandlers.ofString());
    assertThat(r.statusCode()).as("never a 500 for %s %s: %s", method, path, r.body()).isLessThan(500);
    assertThat(r.body()).doesNotContain("Exception").doesNotContain("\tat ");
    assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(ct -> assertThat(ct).startsWith("application/json"));
    return new Reply(r.statusCode(), r.body().isEmpty() ? mapper.createObjectNode() : mapper.readTree(r.body()), r);
  }

  static Reply get(String path) throws Exception {
    return call("GET", path, null, null, TestApiServer.TOKEN);
  }

  static Reply post(String path, String json) throws Exception {
    return call("POST", path, json, "application/json", TestApiServer.TOKEN);
  }

  static Reply put(String path, String json) throws Exception {
    return call("PUT", path, json, "application/json", TestApiServer.TOKEN);
  }

  static String newTicket(String priority) {
    return "{\"account_id\":" + acme + ",\"service\":\"technical\",\"priority\":\"" + priority + "\","
        + "\"subject\":\"Imprimante\",\"contact_name\":\"Jeanne\",\"contact_phone\":\"+33612345678\"}";
  }

  static String create(String priority) throws Exception {
    Reply r = post("/api/tickets", newTicket(priority));
    assertThat(r.status()).isEqualTo(201);
    return r.json().get("number").asText();
  }

  // ---------------------------------------------------------------- health and auth

  @Test
  void healthzAndReadyzNeedNoToken() throws Exception {
    Reply h = call("GET", "/healthz", null, null, null);
    assertThat(h.status()).isEqualTo(200);
    assertThat(h.json().get("status").asText()).isEqualTo("ok");
    assertThat(call("GET", "/readyz", null, null, null).status()).isEqualTo(200);
  }

  @Test
  void missingOrWrongTokenIs401() throws Exception {
    assertThat(call("GET", "/api/tickets/26000001", null, null, null).status()).isEqualTo(401);
    assertThat(call("GET", "/api/tickets/26000001", null, null, "wrong").status()).isEqualTo(401);
    assertThat(call("GET", "/api/tickets/26000001/eligibility", null, null, null).status()).isEqualTo(401);
    Reply r = call("POST", "/api/accounts", "{\"name\":\"X\"}", "application/json", null);
    assertThat(r.status()).isEqualTo(401);
    assertThat(r.raw().headers().firstValue("WWW-Authenticate")).contains("Bearer");
  }

  @Test
  void unknownPathIs404AndWrongMethodIs405() throws Exception {
    assertThat(get("/api/nothing").status()).isEqualTo(404);
    Reply r = call("DELETE", "/api/tickets/26000001", null, null, TestApiServer.TOKEN);
    assertThat(r.status()).isEqualTo(405);
    assertThat(r.raw().headers().firstValue("Allow")).hasValueSatisfying(a -> assertThat(a).contains("GET", "PUT"));
    assertThat(call("PUT", "/api/tickets", "{}", "application/json", TestApiServer.TOKEN).status()).isEqualTo(405);
  }

  // ---------------------------------------------------------------- accounts

  @Test
  void accountCreatedWithLocationThenShown() throws Exception {
    Reply r = post("/api/accounts",
        "{\"name\":\"Garage Leroy\",\"oncall_option\":true,\"phones\":[\"+33600000001\",\"+33600000002\"]}");
    assertThat(r.status()).isEqualTo(201);
    long id = r.json().get("id").asLong();
    assertThat(r.raw().headers().firstValue("Location")).contains("/api/accounts/" + id);
    assertThat(r.json().get("oncall_services").toString()).isEqualTo("[\"technical\"]");

    Reply shown = get("/api/accounts/" + id);
    assertThat(shown.status()).isEqualTo(200);
    assertThat(shown.json().get("name").asText()).isEqualTo("Garage Leroy");
    assertThat(shown.json().get("oncall_option").asBoolean()).isTrue();
    assertThat(shown.json().get("phones")).hasSize(2);

    Reply dup = post("/api/accounts", "{\"name\":\"Garage Leroy\"}");
    assertThat(dup.status()).isEqualTo(409);
    assertThat(dup.field()).isEqualTo("name");
  }

  @ParameterizedTest(name = "{0} -> field {1}")
  @CsvSource(delimiter = '|', value = {
      "{}|name",
      "{\"name\":\"  \"}|name",
      "{\"name\":\"A\",\"phones\":[\"0612345678\"]}|phones",
      "{\"name\":\"A\",\"phones\":[\"+33 6 12\"]}|phones",
      "{\"name\":\"A\",\"oncall_services\":[\"sales\"]}|oncall_services",
      "{\"name\":\"A\",\"oncall_option\":\"maybe\"}|oncall_option",
      "{\"name\":\"A\",\"colour\":\"red\"}|colour",
      "{\"name\":123}|name",
      "{\"name\":\"A\",\"name\":\"B\"}|name",
      "{\"name\":\"A\",\"oncall_option\":\"true\"}|oncall_option",
      "{\"name\":\"A\",\"oncall_option\":1}|oncall_option",
      "{\"name\":\"A\",\"phones\":[33612345678]}|phones[0]",
  })
  void badAccountIs400NamingTheField(String body, String field) throws Exception {
    Reply r = post("/api/accounts", body);
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.field()).isEqualTo(field);
  }

  @Test
  void accountNameLengthIsBounded() throws Exception {
    Reply r = post("/api/accounts", "{\"name\":\"" + "x".repeat(201) + "\"}");
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.field()).isEqualTo("name");
  }

  @Test
  void accountShowErrors() throws Exception {
    assertThat(get("/api/accounts/abc").field()).isEqualTo("id");
    assertThat(get("/api/accounts/abc").status()).isEqualTo(400);
    assertThat(get("/api/accounts/0").status()).isEqualTo(400);
    assertThat(get("/api/accounts/999999").status()).isEqualTo(404);
  }

  // ---------------------------------------------------------------- malformed bodies

  @ParameterizedTest
  @ValueSource(strings = {"{\"name\":", "null", "[]", "\"text\"", "42", "{\"name\":{\"a\":1}}", "\u0000\u0001"})
  void malformedBodiesAre400(String body) throws Exception {
    assertThat(post("/api/accounts", body).status()).isEqualTo(400);
    assertThat(post("/api/tickets", body).status()).isEqualTo(400);
    assertThat(post("/api/tickets/26000001/events", body).status()).isEqualTo(400);
  }

  @Test
  void emptyBodyIs400AndWrongMediaTypeIs415() throws Exception {
    assertThat(post("/api/tickets", "").status()).isEqualTo(400);
    assertThat(call("POST", "/api/tickets", newTicket("high"), "text/plain", TestApiServer.TOKEN).status()).isEqualTo(415);
    assertThat(call("POST", "/api/tickets", newTicket("high"), null, TestApiServer.TOKEN).status()).isEqualTo(415);
    assertThat(call("PUT", "/api/tickets/12345", "{}", "application/xml", TestApiServer.TOKEN).status()).isEqualTo(415);
  }

  @Test
  void oversizedBodyIs413() throws Exception {
    String body = "{\"kind\":\"comment\",\"text\":\"" + "x".repeat(MAX_BODY) + "\"}";
    Reply r = post("/api/tickets/26000001/events", body);
    assertThat(r.status()).isEqualTo(413);
    assertThat(r.error()).contains("larger than");
  }

  @Test
  void oversizedBodiesAreAnswered413EveryTimeNeverReset() throws Exception {
    // The server answers as soon as it has the headers, while the body is still arriving.
    for (int i = 0; i < 30; i++) {
      int size = MAX_BODY + 1 + (i % 3) * 500_000;
      Reply r = post("/api/tickets", "{\"subject\":\"" + "x".repeat(size) + "\"}");
      assertThat(r.status()).isEqualTo(413);
    }
    assertThat(get("/api/tickets/26000001").status()).isEqualTo(200);
  }

  // ---------------------------------------------------------------- tickets

  @Test
  void ticketCreatedWithIssuedNumberDeadlinesAndHistory() throws Exception {
    Reply r = post("/api/tickets", newTicket("high"));
    assertThat(r.status()).isEqualTo(201);
    String number = r.json().get("number").asText();
    assertThat(number).matches("26[0-9]{6}");
    assertThat(r.raw().headers().firstValue("Location")).contains("/api/tickets/" + number);
    JsonNode t = get("/api/tickets/" + number).json();
    assertThat(t.get("status").asText()).isEqualTo("new");
    assertThat(t.get("priority").asText()).isEqualTo("high");
    assertThat(t.get("opened_at").asText()).isEqualTo("2026-11-28T02:00:00Z");
    assertThat(t.get("take_charge_by").asText()).isEqualTo("2026-11-28T02:30:00Z");
    assertThat(t.get("resolve_by").asText()).isEqualTo("2026-11-28T06:00:00Z");
    assertThat(t.get("next_deadline").asText()).isEqualTo("2026-11-28T02:30:00Z");
    assertThat(t.get("compliant").asBoolean()).isTrue();
    assertThat(t.get("events")).hasSize(1);
    assertThat(t.get("events").get(0).get("kind").asText()).isEqualTo("created");
    assertThat(t.get("events").get(0).get("actor").asText()).isEqualTo("api");
    assertThat(t.get("events").get(0).get("details").get("priority").asText()).isEqualTo("high");
  }

  @ParameterizedTest(name = "{0} -> field {1}")
  @CsvSource(delimiter = '|', value = {
      "{\"service\":\"technical\",\"priority\":\"high\"}|account_id",
      "{\"account_id\":\"abc\",\"service\":\"technical\",\"priority\":\"high\"}|account_id",
      "{\"account_id\":-1,\"service\":\"technical\",\"priority\":\"high\"}|account_id",
      "{\"account_id\":987654,\"service\":\"technical\",\"priority\":\"high\"}|account_id",
      "{\"account_id\":1,\"priority\":\"high\"}|service",
      "{\"account_id\":1,\"service\":\"plumbing\",\"priority\":\"high\"}|service",
      "{\"account_id\":1,\"service\":\"technical\",\"priority\":\"urgent\"}|priority",
      "{\"account_id\":1,\"service\":\"technical\"}|priority",
      "{\"account_id\":1,\"service\":\"technical\",\"priority\":\"high\",\"contact_phone\":\"06 12\"}|contact_phone",
      "{\"account_id\":1,\"service\":\"technical\",\"priority\":\"high\",\"contact_email\":\"nobody\"}|contact_email",
      "{\"account_id\":1,\"service\":\"technical\",\"priority\":\"high\",\"number\":\"12345\"}|number",
      "{\"account_id\":1,\"service\":\"technical\",\"priority\":[\"high\"]}|priority",
  })
  void badTicketIs400NamingTheField(String body, String field) throws Exception {
    Reply r = post("/api/tickets", body);
    assertThat(r.status()).as(r.json().toString()).isEqualTo(400);
    assertThat(r.field()).isEqualTo(field);
  }

  @Test
  void ticketSubjectLengthIsBounded() throws Exception {
    Reply r = post("/api/tickets", "{\"account_id\":" + acme
        + ",\"service\":\"technical\",\"priority\":\"low\",\"subject\":\"" + "s".repeat(201) + "\"}");
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.field()).isEqualTo("subject");
  }

  @Test
  void importWithGivenNumberThenDuplicateIs409() throws Exception {
    String body = "{\"account_id\":" + acme + ",\"service\":\"technical\",\"priority\":\"medium\","
        + "\"status\":\"in_progress\",\"opened_at\":\"2026-11-27T08:00:00Z\",\"assignee\":\"Luc\","
        + "\"taken_in_charge_at\":\"2026-11-27T08:30:00Z\",\"subject\":\"Migré\"}";
    Reply r = put("/api/tickets/4242", body);
    assertThat(r.status()).isEqualTo(201);
    assertThat(r.json().get("number").asText()).isEqualTo("4242");
    assertThat(r.json().get("status").asText()).isEqualTo("in_progress");
    assertThat(r.json().get("take_charge_by").asText()).isEqualTo("2026-11-27T10:00:00Z");
    assertThat(r.json().get("next_deadline").asText()).isEqualTo("2026-11-28T08:00:00Z");
    assertThat(r.raw().headers().firstValue("Location")).contains("/api/tickets/4242");

    Reply again = put("/api/tickets/4242", body);
    assertThat(again.status()).isEqualTo(409);
    assertThat(again.field()).isEqualTo("number");
    assertThat(put("/api/tickets/26000001", body).status()).isEqualTo(409);
  }

  @ParameterizedTest(name = "PUT {0} -> field {2}")
  @CsvSource(delimiter = '|', value = {
      "123|{}|number",
      "1234567890123|{}|number",
      "12a45|{}|number",
      "55555|{\"service\":\"technical\",\"priority\":\"low\",\"opened_at\":\"2026-11-27T08:00:00Z\"}|account_id",
      "55555|{\"account_id\":1,\"service\":\"technical\",\"priority\":\"low\"}|opened_at",
      "55555|{\"account_id\":1,\"service\":\"technical\",\"priority\":\"low\",\"opened_at\":\"yesterday\"}|opened_at",
      "55555|{\"account_id\":1,\"service\":\"technical\",\"priority\":\"low\",\"opened_at\":\"2026-11-27T08:00:00Z\",\"status\":\"done\"}|status",
  })
  void badImportIs400(String number, String body, String field) throws Exception {
    Reply r = put("/api/tickets/" + number, body);
    assertThat(r.status()).as(r.json().toString()).isEqualTo(400);
    assertThat(r.field()).isEqualTo(field);
  }

  @Test
  void showErrors() throws Exception {
    assertThat(get("/api/tickets/99999999").status()).isEqualTo(404);
    Reply bad = get("/api/tickets/26-001");
    assertThat(bad.status()).isEqualTo(400);
    assertThat(bad.field()).isEqualTo("number");
  }

  @Test
  void listFiltersByStatusPriorityAndAccount() throws Exception {
    JsonNode all = get("/api/tickets?status=new&priority=high").json().get("tickets");
    assertThat(all).isNotEmpty();
    all.forEach(t -> {
      assertThat(t.get("status").asText()).isEqualTo("new");
      assertThat(t.get("priority").asText()).isEqualTo("high");
      assertThat(t.has("events")).isFalse();
    });
    List<String> numbers = new ArrayList<>();
    get("/api/tickets?status=in_progress,resolved&account=" + acme).json().get("tickets")
        .forEach(t -> numbers.add(t.get("number").asText()));
    assertThat(numbers).contains("26000003", "26000004").doesNotContain("26000001", "26000005");
    assertThat(get("/api/tickets?limit=2").json().get("tickets")).hasSize(2);
  }

  @ParameterizedTest(name = "{0} -> field {1}")
  @CsvSource(delimiter = '|', value = {
      "status=open|status",
      "status=new,|status",
      "priority=urgent|priority",
      "account=acme|account",
      "account=-3|account",
      "limit=0|limit",
      "limit=5000|limit",
  })
  void badListFilterIs400NamingTheField(String query, String field) throws Exception {
    Reply r = get("/api/tickets?" + query);
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.field()).isEqualTo(field);
  }

  // ---------------------------------------------------------------- events

  @Test
  void lifeCycleThroughEvents() throws Exception {
    String n = create("high");
    String path = "/api/tickets/" + n + "/events";
    Reply c = post(path, "{\"kind\":\"comment\",\"actor\":\"sophie\",\"text\":\"Rappel client\"}");
    assertThat(c.status()).isEqualTo(200);
    assertThat(c.json().get("events")).hasSize(2);

    clock.advance(java.time.Duration.ofMinutes(10));
    Reply tc = post(path, "{\"kind\":\"take_charge\",\"actor\":\"luc\",\"assignee\":\"Luc Martin\"}");
    assertThat(tc.status()).isEqualTo(200);
    assertThat(tc.json().get("status").asText()).isEqualTo("in_progress");
    assertThat(tc.json().get("assignee").asText()).isEqualTo("Luc Martin");
    assertThat(tc.json().get("next_deadline").asText()).isEqualTo(tc.json().get("resolve_by").asText());

    Reply cp = post(path, "{\"kind\":\"change_priority\",\"priority\":\"medium\"}");
    assertThat(cp.status()).isEqualTo(200);
    assertThat(cp.json().get("priority").asText()).isEqualTo("medium");
    assertThat(post(path, "{\"kind\":\"change_priority\",\"priority\":\"medium\"}").status()).isEqualTo(409);

    Reply res = post(path, "{\"kind\":\"resolve\",\"text\":\"Redémarré\"}");
    assertThat(res.status()).isEqualTo(200);
    assertThat(res.json().get("status").asText()).isEqualTo("resolved");
    assertThat(res.json().get("next_deadline").isNull()).isTrue();
    Reply again = post(path, "{\"kind\":\"resolve\"}");
    assertThat(again.status()).isEqualTo(409);
    assertThat(again.field()).isEqualTo("kind");
    assertThat(post(path, "{\"kind\":\"take_charge\",\"assignee\":\"X\"}").status()).isEqualTo(409);

    assertThat(post(path, "{\"kind\":\"reopen\",\"text\":\"Revenu\"}").json().get("status").asText()).isEqualTo("in_progress");
    assertThat(post(path, "{\"kind\":\"reopen\"}").status()).isEqualTo(409);
    assertThat(post(path, "{\"kind\":\"close\"}").json().get("status").asText()).isEqualTo("closed");
    assertThat(post(path, "{\"kind\":\"close\"}").status()).isEqualTo(409);

    JsonNode events = get("/api/tickets/" + n).json().get("events");
    List<String> kinds = new ArrayList<>();
    events.forEach(e -> kinds.add(e.get("kind").asText()));
    assertThat(kinds).containsExactly("created", "comment", "take_charge", "change_priority", "resolve", "reopen", "close");
  }

  @ParameterizedTest(name = "{0} -> field {1}")
  @CsvSource(delimiter = '|', value = {
      "{}|kind",
      "{\"kind\":\"delete\"}|kind",
      "{\"kind\":\"comment\"}|text",
      "{\"kind\":\"comment\",\"text\":\"  \"}|text",
      "{\"kind\":\"comment\",\"text\":\"a\",\"priority\":\"high\"}|priority",
      "{\"kind\":\"take_charge\"}|assignee",
      "{\"kind\":\"change_priority\"}|priority",
      "{\"kind\":\"change_priority\",\"priority\":\"max\"}|priority",
      "{\"kind\":\"close\",\"text\":\"x\"}|text",
      "{\"kind\":\"comment\",\"text\":\"a\",\"when\":\"now\"}|when",
  })
  void badEventIs400NamingTheField(String body, String field) throws Exception {
    Reply r = post("/api/tickets/26000006/events", body);
    assertThat(r.status()).as(r.json().toString()).isEqualTo(400);
    assertThat(r.field()).isEqualTo(field);
  }

  @Test
  void eventOnUnknownTicketIs404AndOnBadNumberIs400() throws Exception {
    assertThat(post("/api/tickets/99999999/events", "{\"kind\":\"comment\",\"text\":\"a\"}").status()).isEqualTo(404);
    assertThat(post("/api/tickets/abc/events", "{\"kind\":\"comment\",\"text\":\"a\"}").status()).isEqualTo(400);
  }

  // ---------------------------------------------------------------- eligibility

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
      "26000001, true, eligible",
      "26000006, true, eligible",
      "99999999, false, unknown_request",
      "26000004, false, request_closed",
      "26000007, false, request_non_compliant",
      "26000005, false, no_oncall_option",
      "26000003, false, service_not_covered",
      "26000002, false, priority_not_oncall",
      "26a00001, false, unknown_request",
      "12, false, unknown_request",
  })
  void eligibilityIsAlways200WithTheReason(String number, boolean eligible, String reason) throws Exception {
    Reply r = get("/api/tickets/" + number + "/eligibility?caller=%2B33612345678");
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.json().get("eligible").asBoolean()).isEqualTo(eligible);
    assertThat(r.json().get("reason").asText()).isEqualTo(reason);
  }

  @Test
  void eligibilityWithoutOrWithOddCaller() throws Exception {
    assertThat(get("/api/tickets/26000001/eligibility").json().get("eligible").asBoolean()).isTrue();
    assertThat(get("/api/tickets/26000001/eligibility?caller=anonymous").status()).isEqualTo(200);
  }

  // ---------------------------------------------------------------- concurrency

  @Test
  void fiftyParallelCreationsGetFiftyDistinctNumbers() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(50);
    try {
      CountDownLatch go = new CountDownLatch(1);
      List<CompletableFuture<Reply>> replies = new ArrayList<>();
      for (int i = 0; i < 50; i++) {
        replies.add(CompletableFuture.supplyAsync(() -> {
          try {
            go.await();
            return post("/api/tickets", newTicket("medium"));
          } catch (Exception e) {
            throw new IllegalStateException(e);
          }
        }, pool));
      }
      go.countDown();
      Set<String> numbers = new HashSet<>();
      for (var f : replies) {
        Reply r = f.get();
        assertThat(r.status()).isEqualTo(201);
        numbers.add(r.json().get("number").asText());
      }
      assertThat(numbers).hasSize(50).allMatch(n -> n.matches("26[0-9]{6}"));
    } finally {
      pool.shutdownNow();
    }
  }
}

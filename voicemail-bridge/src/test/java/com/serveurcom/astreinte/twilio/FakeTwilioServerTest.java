package com.serveurcom.astreinte.twilio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The fake itself, spoken to with the JDK's HTTP client: what twilio-java relies on must hold. */
class FakeTwilioServerTest {
  private static final String SID = ("AC" + "0123456789abcdef".repeat(2));
  private static final String TOKEN = "fake-token";
  private static final Instant NOW = Instant.parse("2026-11-27T02:00:00Z");

  private FakeTwilioServer fake;
  private final HttpClient client = HttpClient.newHttpClient();

  @BeforeEach
  void start() throws Exception {
    fake = FakeTwilioServer.start(SID, TOKEN, Clock.fixed(NOW, ZoneOffset.UTC));
  }

  @AfterEach
  void stop() {
    fake.close();
  }

  private HttpResponse<String> post(String resource, Map<String, String> form, String user, String password) throws Exception {
    String body = form.entrySet().stream()
        .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
        .collect(Collectors.joining("&"));
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(fake.baseUri() + "/2010-04-01/Accounts/" + SID + "/" + resource))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString(body));
    if (user != null) {
      b.header("Authorization", "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8)));
    }
    return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static Map<String, String> sms() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("To", "+33612345678");
    m.put("From", "+33757000001");
    m.put("Body", "Bonjour « astreinte » é");
    return m;
  }

  @Test
  void bindsOnLoopback() {
    assertThat(fake.baseUri().getHost()).isEqualTo("127.0.0.1");
    assertThat(fake.baseUri().getPort()).isPositive();
  }

  @Test
  void aMessageIsQueuedWithATwilioShapedAnswer() throws Exception {
    HttpResponse<String> r = post("Messages.json", sms(), SID, TOKEN);
    assertThat(r.statusCode()).isEqualTo(201);
    assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("application/json"));
    assertThat(r.body()).containsPattern("\"sid\":\"SM[0-9a-f]{32}\"").contains("\"status\":\"queued\"")
        .contains("\"to\":\"+33612345678\"").contains("\"from\":\"+33757000001\"")
        .contains("\"date_created\":\"Fri, 27 Nov 2026 02:00:00 +0000\"")
        .contains("\"body\":\"Bonjour « astreinte » é\"");
    assertThat(fake.requests()).singleElement().satisfies(q -> {
      assertThat(q.param("Body")).isEqualTo("Bonjour « astreinte » é");
      assertThat(q.arrivedAt()).isEqualTo(NOW);
    });
  }

  @Test
  void wrongOrMissingCredentialsGet401() throws Exception {
    HttpResponse<String> none = post("Messages.json", sms(), null, null);
    assertThat(none.statusCode()).isEqualTo(401);
    assertThat(none.body()).contains("\"code\":20003").contains("\"status\":401").contains("\"more_info\":");
    assertThat(post("Messages.json", sms(), SID, "wrong").statusCode()).isEqualTo(401);
    assertThat(post("Calls.json", sms(), "ACother", TOKEN).statusCode()).isEqualTo(401);
    assertThat(fake.requests()).hasSize(3); // refused ones are recorded too
  }

  @Test
  void requiredFieldsAreChecked() throws Exception {
    Map<String, String> noBody = sms();
    noBody.remove("Body");
    HttpResponse<String> r = post("Messages.json", noBody, SID, TOKEN);
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(r.body()).contains("\"code\":21602").contains("\"message\":").contains("\"status\":400");
    Map<String, String> noTo = sms();
    noTo.remove("To");
    assertThat(post("Messages.json", noTo, SID, TOKEN).body()).contains("21604");
    Map<String, String> call = sms();
    call.remove("Body");
    assertThat(post("Calls.json", call, SID, TOKEN).body()).contains("21205");
    call.put("Url", "https://example.com/twiml");
    assertThat(post("Calls.json", call, SID, TOKEN).statusCode()).isEqualTo(201);
  }

  @Test
  void twimlOverFourThousandCharactersIsRefused() throws Exception {
    Map<String, String> call = sms();
    call.remove("Body");
    call.put("Twiml", "<Response><Say>" + "a".repeat(4000) + "</Say></Response>");
    HttpResponse<String> r = post("Calls.json", call, SID, TOKEN);
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(r.body()).contains("21232").contains("4000");
    call.put("Twiml", "<Response><Say>ok</Say></Response>");
    HttpResponse<String> ok = post("Calls.json", call, SID, TOKEN);
    assertThat(ok.statusCode()).isEqualTo(201);
    assertThat(ok.body()).containsPattern("\"sid\":\"CA[0-9a-f]{32}\"");
  }

  @Test
  void unknownRoutesAre404() throws Exception {
    HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create(fake.baseUri() + "/2010-04-01/Accounts/" + SID + "/Queues.json"))
        .GET().build(), HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).isEqualTo(404);
  }

  @Test
  void scriptedFailuresThenNormalService() throws Exception {
    fake.failNext(500, 2);
    assertThat(post("Messages.json", sms(), SID, TOKEN).statusCode()).isEqualTo(500);
    assertThat(post("Messages.json", sms(), SID, TOKEN).body()).contains("\"code\":20500");
    assertThat(post("Messages.json", sms(), SID, TOKEN).statusCode()).isEqualTo(201);
    fake.failNext(400, 21211, "bad number", 1);
    assertThat(post("Messages.json", sms(), SID, TOKEN).body()).contains("\"code\":21211").contains("bad number");
  }

  @Test
  void aDelayedAnswerDoesNotHoldUpOthers() throws Exception {
    fake.delayNext(Duration.ofSeconds(2));
    CompletableFuture<HttpResponse<String>> slow = CompletableFuture.supplyAsync(() -> {
      try {
        return post("Messages.json", sms(), SID, TOKEN);
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    });
    fake.awaitRequests(1, Duration.ofSeconds(5));
    long t0 = System.nanoTime();
    assertThat(post("Messages.json", sms(), SID, TOKEN).statusCode()).isEqualTo(201);
    assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(1));
    assertThat(slow.get().statusCode()).isEqualTo(201);
  }

  @Test
  void awaitAndReset() throws Exception {
    assertThatThrownBy(() -> fake.awaitRequests(1, Duration.ofMillis(100))).isInstanceOf(TimeoutException.class);
    post("Messages.json", sms(), SID, TOKEN);
    assertThat(fake.awaitRequests(1, Duration.ofSeconds(1))).hasSize(1);
    fake.failNext(500, 5);
    fake.reset();
    assertThat(fake.requests()).isEmpty();
    assertThat(post("Messages.json", sms(), SID, TOKEN).statusCode()).isEqualTo(201);
  }

  private HttpResponse<String> get(String pathAndQuery) throws Exception {
    return client.send(HttpRequest.newBuilder(URI.create(fake.baseUri() + pathAndQuery))
        .header("Authorization", "Basic " + Base64.getEncoder().encodeToString((SID + ":" + TOKEN)
            .getBytes(StandardCharsets.UTF_8))).GET().build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void theMessagesListFiltersByRecipientAndDateSentNewestFirstWithTwiliosPagingFields() throws Exception {
    for (String to : new String[] {"+33612345678", "+33699999999", "+33612345678"}) {
      Map<String, String> m = sms();
      m.put("To", to);
      m.put("Body", "pour " + to);
      assertThat(post("Messages.json", m, SID, TOKEN).statusCode()).isEqualTo(201);
    }
    String base = "/2010-04-01/Accounts/" + SID + "/Messages.json";
    var r = get(base + "?To=%2B33612345678&DateSent%3E=2026-11-27&PageSize=1");
    assertThat(r.statusCode()).isEqualTo(200);
    var json = new com.fasterxml.jackson.databind.ObjectMapper().readTree(r.body());
    assertThat(json.get("messages")).hasSize(1);
    assertThat(json.get("messages").get(0).get("to").asText()).isEqualTo("+33612345678");
    assertThat(json.get("messages").get(0).get("status").asText()).isEqualTo("sent");
    assertThat(json.get("messages").get(0).get("date_sent").asText()).isEqualTo("Fri, 27 Nov 2026 02:00:00 +0000");
    assertThat(json.get("page").asInt()).isZero();
    assertThat(json.get("page_size").asInt()).isEqualTo(1);
    assertThat(json.get("start").asInt()).isZero();
    assertThat(json.get("next_page_uri").asText()).contains("Page=1").contains("To=%2B33612345678");
    assertThat(json.get("previous_page_uri").isNull()).isTrue();
    assertThat(json.get("first_page_uri").asText()).startsWith(base + "?");
    // The day after: nothing sent on or after it.
    var later = new com.fasterxml.jackson.databind.ObjectMapper()
        .readTree(get(base + "?To=%2B33612345678&DateSent%3E=2026-11-28").body());
    assertThat(later.get("messages")).isEmpty();
    assertThat(later.get("next_page_uri").isNull()).isTrue();
  }

  @Test
  void twilioJavaReadsThroughTheFakesPagesAndFindsWhatWasTaken() throws Exception {
    try (TwilioHttp http = new TwilioHttp(fake.baseUri())) {
      TwilioSettings settings = new TwilioSettings(SID, TOKEN, "+33700000000", fake.baseUri(),
          URI.create("https://astreinte.example.com"));
      TwilioPager pager = new TwilioPager(settings, http);
      for (int i = 0; i < 120; i++) { // more than two pages of 50
        pager.sendSms("+33612345678", "page " + i + " (réf. t" + i + ")", URI.create("https://astreinte.example.com/s"),
            "k" + i);
      }
      pager.placeCall("+33612345678", "<Response><Say>x</Say></Response>", URI.create("https://astreinte.example.com/s"),
          25, "c1");
      assertThat(pager.findSms("+33612345678", "(réf. t0)", NOW)).as("the oldest, on the third page").isPresent();
      assertThat(pager.findSms("+33612345678", "(réf. t999)", NOW)).isEmpty();
      assertThat(pager.findSms("+33699999999", "(réf. t1)", NOW)).as("another recipient").isEmpty();
      String callSid = (String) fake.callsTaken().get(0).get("sid");
      assertThat(pager.findCall("+33612345678", NOW, java.util.Set.of())).hasValueSatisfying(
          c -> assertThat(c.sid()).isEqualTo(callSid));
      assertThat(pager.findCall("+33612345678", NOW, java.util.Set.of(callSid))).as("already accounted for").isEmpty();
      assertThat(fake.requests().stream().filter(q -> q.method().equals("GET")).map(q -> q.path()).distinct())
          .containsExactlyInAnyOrder("/2010-04-01/Accounts/" + SID + "/Messages.json",
              "/2010-04-01/Accounts/" + SID + "/Calls.json");
    }
  }

  @Test
  void aLateAnswerIsTakenFirstAndABrokenConnectionTakesNothing() throws Exception {
    fake.answerLateNext("Messages", Duration.ofMillis(300));
    long t = System.nanoTime();
    assertThat(post("Messages.json", sms(), SID, TOKEN).statusCode()).isEqualTo(201);
    assertThat(Duration.ofNanos(System.nanoTime() - t)).isGreaterThanOrEqualTo(Duration.ofMillis(300));
    assertThat(fake.messagesTaken()).hasSize(1);
    fake.breakNext("Messages");
    assertThatThrownBy(() -> post("Messages.json", sms(), SID, TOKEN)).isInstanceOf(java.io.IOException.class);
    assertThat(fake.messagesTaken()).hasSize(1);
  }
}

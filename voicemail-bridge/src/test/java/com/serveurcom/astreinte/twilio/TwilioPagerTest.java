package com.serveurcom.astreinte.twilio;

import com.serveurcom.astreinte.paging.PagingFailure;

import com.serveurcom.astreinte.paging.PageSummary;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.serveurcom.astreinte.ticket.Priority;
import com.serveurcom.astreinte.twilio.FakeTwilioServer.RecordedRequest;
import com.twilio.http.HttpMethod;
import com.twilio.http.Request;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** twilio-java through {@link TwilioHttp} against {@link FakeTwilioServer}, over real HTTP on loopback. */
class TwilioPagerTest {
  private static final String SID = ("AC" + "0123456789abcdef".repeat(2));
  private static final String TOKEN = "test-auth-token";
  private static final String FROM = "+33757000001";
  private static final String TECH = "+33612345678";
  private static final URI STATUS = URI.create("https://astreinte.example.com/twilio/status");

  private FakeTwilioServer fake;
  private TwilioHttp http;
  private TwilioPager pager;

  @BeforeEach
  void start() throws Exception {
    fake = FakeTwilioServer.start(SID, TOKEN);
    http = new TwilioHttp(fake.baseUri());
    pager = new TwilioPager(settings(TOKEN), http);
  }

  @AfterEach
  void stop() {
    http.close();
    fake.close();
  }

  private TwilioSettings settings(String token) {
    return new TwilioSettings(SID, token, FROM, fake.baseUri(), URI.create("https://astreinte.example.com"));
  }

  @Test
  void smsIsPostedWithTheRightFieldsBasicAuthAndIdempotencyToken() throws Exception {
    SmsResult r = pager.sendSms(TECH, "Astreinte : demande 26000001", STATUS, "page-42-attempt-1");

    assertThat(r.sid()).startsWith("SM").hasSize(34);
    assertThat(r.status()).isEqualTo("queued");
    List<RecordedRequest> reqs = fake.requests();
    assertThat(reqs).hasSize(1);
    RecordedRequest q = reqs.get(0);
    assertThat(q.method()).isEqualTo("POST");
    assertThat(q.path()).isEqualTo("/2010-04-01/Accounts/" + SID + "/Messages.json");
    assertThat(q.param("To")).isEqualTo(TECH);
    assertThat(q.param("From")).isEqualTo(FROM);
    assertThat(q.param("Body")).isEqualTo("Astreinte : demande 26000001");
    assertThat(q.param("StatusCallback")).isEqualTo(STATUS.toString());
    assertThat(q.header("Authorization"))
        .isEqualTo("Basic " + Base64.getEncoder().encodeToString((SID + ":" + TOKEN).getBytes(StandardCharsets.UTF_8)));
    assertThat(q.idempotencyToken()).isEqualTo("page-42-attempt-1");
    assertThat(q.arrivedAt()).isNotNull();
  }

  /** The callback goes as a URI: the SDK's String overload would drop one it cannot parse, silently. */
  @Test
  void theStatusCallbackArrivesIntactWithItsQuery() throws Exception {
    URI callback = URI.create("https://astreinte.example.com/twilio/status?page=42&attempt=2&note=r%C3%A9-essai");
    pager.sendSms(TECH, "x", callback, "k");
    pager.placeCall(TECH, "<Response/>", callback, 20, "k2");
    assertThat(fake.requests()).extracting(q -> q.param("StatusCallback"))
        .containsExactly(callback.toString(), callback.toString());
  }

  @Test
  void callCarriesInlineTwimlTimeoutAndStatusCallback() throws Exception {
    String xml = new PageTwiml(() -> ShippedTexts.TEXTS).page(new PageSummary("26000001", Priority.HIGH, "ACME", "+33698765432"),
        URI.create("https://astreinte.example.com/recordings/1.wav?exp=1&sig=x"),
        URI.create("https://astreinte.example.com/twilio/voice/gather?request=26000001"));

    CallResult r = pager.placeCall(TECH, xml, STATUS, 25, "page-42-attempt-2");

    assertThat(r.sid()).startsWith("CA").hasSize(34);
    assertThat(r.status()).isEqualTo("queued");
    RecordedRequest q = fake.awaitRequests(1, Duration.ofSeconds(5)).get(0);
    assertThat(q.path()).isEqualTo("/2010-04-01/Accounts/" + SID + "/Calls.json");
    assertThat(q.param("Twiml")).isEqualTo(xml);
    assertThat(q.param("Url")).isNull();
    assertThat(q.param("Timeout")).isEqualTo("25");
    assertThat(q.param("StatusCallback")).isEqualTo(STATUS.toString());
    assertThat(q.param("MachineDetection")).isEqualTo("Enable");
    assertThat(q.form().get("StatusCallbackEvent")).contains("answered", "completed");
    assertThat(q.idempotencyToken()).isEqualTo("page-42-attempt-2");
  }

  @Test
  void aTwilio500ReachesTheFakeExactlyOnceAndIsRetryable() throws Exception {
    fake.failNext(500, 3);

    PagingFailure f = catchThrowableOfType(PagingFailure.class,
        () -> pager.sendSms(TECH, "Astreinte", STATUS, "k1"));

    assertThat(f.retryable()).isTrue();
    assertThat(f.httpStatus()).contains(500);
    assertThat(f.twilioCode()).contains(20500);
    Thread.sleep(300); // the SDK's own retry would come 100 ms later: leave it time to show up
    assertThat(fake.requests()).hasSize(1);
  }

  /** The trap {@link TwilioHttp} closes: the SDK's default client repeats a failed POST (duplicate SMS). */
  @Test
  void withoutTheOverrideTheSdkWouldHaveSentTheSmsThreeTimes() throws Exception {
    com.twilio.http.NetworkHttpClient stock = new com.twilio.http.NetworkHttpClient() {
      @Override
      public com.twilio.http.Response makeRequest(Request request) {
        return super.makeRequest(http.rewrite(request));
      }
    };
    fake.failNext(500, 3);
    PagingFailure f = catchThrowableOfType(PagingFailure.class,
        () -> new TwilioPager(settings(TOKEN), stock).sendSms(TECH, "x", STATUS, "k"));
    assertThat(f.retryable()).isTrue();
    assertThat(fake.requests()).hasSize(3);
  }

  @Test
  void aCall503AlsoGoesOutOnce() throws Exception {
    fake.failNext(503, 3);
    PagingFailure f = catchThrowableOfType(PagingFailure.class,
        () -> pager.placeCall(TECH, "<Response/>", STATUS, 25, "k1"));
    assertThat(f.retryable()).isTrue();
    Thread.sleep(300);
    assertThat(fake.requests()).hasSize(1);
  }

  @Test
  void tooManyRequestsIsRetryable() {
    fake.failNext(429, 1);
    PagingFailure f = catchThrowableOfType(PagingFailure.class, () -> pager.sendSms(TECH, "x", STATUS, "k"));
    assertThat(f.retryable()).isTrue();
    assertThat(f.httpStatus()).contains(429);
  }

  @Test
  void anInvalidNumberIsPermanentWithTwiliosCodeAndNoNumberInTheMessage() {
    PagingFailure f = catchThrowableOfType(PagingFailure.class, () -> pager.sendSms("+1234", "x", STATUS, "k"));
    assertThat(f.kind()).isEqualTo(PagingFailure.Kind.PERMANENT);
    assertThat(f.twilioCode()).contains(21211);
    assertThat(f.httpStatus()).contains(400);

    fake.failNext(400, 21211, "The 'To' number +33612345678 is not a valid phone number.", 1);
    PagingFailure g = catchThrowableOfType(PagingFailure.class, () -> pager.placeCall(TECH, "<Response/>", STATUS, 25, "k"));
    assertThat(g.retryable()).isFalse();
    assertThat(g.twilioCode()).contains(21211);
    assertThat(g.getMessage()).contains("21211").doesNotContain("+33612345678");
  }

  @Test
  void wrongCredentialsArePermanent() {
    TwilioPager wrong = new TwilioPager(settings("not-the-token"), http);
    PagingFailure f = catchThrowableOfType(PagingFailure.class, () -> wrong.sendSms(TECH, "x", STATUS, "k"));
    assertThat(f.retryable()).isFalse();
    assertThat(f.httpStatus()).contains(401);
    assertThat(f.twilioCode()).contains(20003);
  }

  @Test
  void aReadTimeoutIsRetryableAndSentOnce() throws Exception {
    try (TwilioHttp impatient = new TwilioHttp(fake.baseUri(), Duration.ofSeconds(1), Duration.ofMillis(500))) {
      TwilioPager p = new TwilioPager(settings(TOKEN), impatient);
      fake.delayNext(Duration.ofSeconds(2));
      PagingFailure f = catchThrowableOfType(PagingFailure.class, () -> p.sendSms(TECH, "x", STATUS, "k"));
      assertThat(f.retryable()).isTrue();
      assertThat(f.httpStatus()).isEmpty();
      Thread.sleep(1800);
      assertThat(fake.requests()).hasSize(1);
    }
  }

  @Test
  void nobodyListeningIsRetryable() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    try (TwilioHttp dead = new TwilioHttp(URI.create("http://127.0.0.1:" + port))) {
      TwilioPager p = new TwilioPager(settings(TOKEN), dead);
      PagingFailure f = catchThrowableOfType(PagingFailure.class, () -> p.sendSms(TECH, "x", STATUS, "k"));
      assertThat(f.retryable()).isTrue();
    }
  }

  @Test
  void oversizedTwimlNeverLeaves() {
    assertThatThrownBy(() -> pager.placeCall(TECH, "<Response>" + "x".repeat(4000) + "</Response>", STATUS, 25, "k"))
        .isInstanceOf(IllegalStateException.class);
    assertThat(fake.requests()).isEmpty();
  }

  @Test
  void anIdempotencyKeyIsRequired() {
    assertThatThrownBy(() -> pager.sendSms(TECH, "x", STATUS, " ")).isInstanceOf(IllegalArgumentException.class);
    assertThat(fake.requests()).isEmpty();
  }

  @Test
  void rewriteKeepsPathQueryAndABasePrefix() {
    try (TwilioHttp staging = new TwilioHttp(URI.create("https://mock.example.net/twilio/"))) {
      Request r = new Request(HttpMethod.GET, "https://api.twilio.com/2010-04-01/Accounts/AC1/Calls.json?PageSize=5");
      r.addQueryParam("Status", "queued");
      r.addHeaderParam("X-Test", "1");
      r.setAuth("AC1", "tok");
      Request c = staging.rewrite(r);
      assertThat(c.getUrl()).isEqualTo("https://mock.example.net/twilio/2010-04-01/Accounts/AC1/Calls.json?PageSize=5");
      assertThat(c.getQueryParams()).containsEntry("Status", List.of("queued"));
      assertThat(c.getHeaderParams()).containsEntry("X-Test", List.of("1"));
      assertThat(c.getUsername()).isEqualTo("AC1");
      assertThat(c.getPassword()).isEqualTo("tok");
    }
  }
}

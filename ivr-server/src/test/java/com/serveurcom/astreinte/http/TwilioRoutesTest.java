package com.serveurcom.astreinte.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.serveurcom.astreinte.testing.MutableClock;
import com.serveurcom.astreinte.testing.TestDatabase;
import com.serveurcom.astreinte.paging.Ack;
import com.serveurcom.astreinte.paging.Channel;
import com.serveurcom.astreinte.paging.DeliveryStatus;
import com.serveurcom.astreinte.paging.PageAcknowledgements;
import com.serveurcom.astreinte.paging.PageContext;
import com.serveurcom.astreinte.twilio.PageTwiml;
import com.serveurcom.astreinte.paging.SignedUrls;
import com.serveurcom.astreinte.twilio.TwilioWebhooks;
import com.serveurcom.astreinte.voicemail.RecordingLinks;
import com.serveurcom.astreinte.voicemail.RecordingStore;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Twilio webhooks and recording links over real HTTP, through the Netty server and the router. */
class TwilioRoutesTest {
  @RegisterExtension static final TestDatabase db = new TestDatabase();
  static final String TOKEN = "twilio-auth-token-for-tests";
  /** What Twilio was told: the proxy in front of us, not the loopback address the test connects to. */
  static final URI PUBLIC = URI.create("https://astreinte.example.com");
  static final byte[] SECRET = "0123456789abcdef0123456789abcdef-signing".getBytes(StandardCharsets.US_ASCII);
  static final Instant NOW = Instant.parse("2026-11-28T02:00:00Z");
  static final HttpClient client = HttpClient.newHttpClient();

  @TempDir static Path data;
  static MutableClock clock;
  static StubAcks acks;
  static RecordingStore store;
  static HttpServer server;
  static HttpServer unconfigured;
  static String base;
  static String unconfiguredBase;

  /** The paging engine as the webhooks see it: records what it was told. */
  static final class StubAcks implements PageAcknowledgements {
    final List<String> calls = new CopyOnWriteArrayList<>();

    @Override
    public Ack takeCharge(String requestNumber, String byPhone, Channel via) {
      calls.add("takeCharge " + requestNumber + " " + byPhone + " " + via);
      return Ack.accepted(requestNumber, "+33698765432");
    }

    @Override
    public Ack decline(String requestNumber, String byPhone, Channel via) {
      calls.add("decline " + requestNumber + " " + byPhone + " " + via);
      return Ack.accepted(requestNumber, null);
    }

    @Override
    public void deliveryStatus(DeliveryStatus status) {
      calls.add("status " + status.sid() + " " + status.status());
    }

    @Override
    public Optional<PageContext> pageContext(String requestNumber) {
      return Optional.empty();
    }
  }

  @BeforeAll
  static void start() throws Exception {
    clock = new MutableClock(NOW);
    acks = new StubAcks();
    store = new RecordingStore(data.resolve("recordings"), db.database());
    server = serve(new TwilioRoutes(new TwilioWebhooks(Optional.of(TOKEN), acks, new PageTwiml(() -> ShippedTexts.TEXTS)), Optional.of(PUBLIC),
        Optional.of(new SignedUrls(SECRET, clock)), store));
    base = "http://127.0.0.1:" + server.start(new InetSocketAddress("127.0.0.1", 0)).getPort();
    unconfigured = serve(new TwilioRoutes(TwilioWebhooks.create(Optional.empty(), acks, new PageTwiml(() -> ShippedTexts.TEXTS)), Optional.empty(),
        Optional.empty(), store));
    unconfiguredBase = "http://127.0.0.1:" + unconfigured.start(new InetSocketAddress("127.0.0.1", 0)).getPort();
  }

  static HttpServer serve(TwilioRoutes routes) {
    Router router = new Router();
    routes.register(router);
    return new HttpServer(router, new JsonBodies(), new BearerToken("api-token"), 64 * 1024, 2);
  }

  @AfterAll
  static void stop() {
    server.close();
    unconfigured.close();
  }

  @BeforeEach
  void reset() {
    acks.calls.clear();
    clock.set(NOW);
  }

  static String sign(String url, Map<String, String> params) {
    StringBuilder s = new StringBuilder(url);
    new TreeMap<>(params).forEach((k, v) -> s.append(k).append(v));
    try {
      Mac mac = Mac.getInstance("HmacSHA1");
      mac.init(new SecretKeySpec(TOKEN.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
      return Base64.getEncoder().encodeToString(mac.doFinal(s.toString().getBytes(StandardCharsets.UTF_8)));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  static String form(Map<String, String> params) {
    return params.entrySet().stream()
        .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
        .collect(Collectors.joining("&"));
  }

  static java.net.http.HttpResponse<String> post(String server, String pathAndQuery, String body, String contentType,
      String signature) throws Exception {
    var b = java.net.http.HttpRequest.newBuilder(URI.create(server + pathAndQuery)).POST(BodyPublishers.ofString(body));
    if (contentType != null) {
      b.header("Content-Type", contentType);
    }
    if (signature != null) {
      b.header("X-Twilio-Signature", signature);
    }
    return client.send(b.build(), BodyHandlers.ofString());
  }

  static Map<String, String> sms(String text) {
    Map<String, String> p = new LinkedHashMap<>();
    p.put("From", "+33611111111");
    p.put("To", "+33272646172");
    p.put("Body", text);
    p.put("MessageSid", "SM123");
    return p;
  }

  @Test
  void aSignedSmsReachesTheEngineAndGetsTwiml() throws Exception {
    Map<String, String> p = sms("OK 26000001");
    p.put("FromCity", "Orléans"); // signed over the decoded UTF-8 value

    var r = post(base, "/twilio/sms", form(p), "application/x-www-form-urlencoded; charset=UTF-8",
        sign(PUBLIC + "/twilio/sms", p));
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("content-type")).hasValueSatisfying(ct -> assertThat(ct).startsWith("text/xml"));
    assertThat(r.body()).contains("<Response>").contains("Prise en charge enregistrée pour la demande 26000001");
    assertThat(acks.calls).containsExactly("takeCharge 26000001 +33611111111 SMS");
  }

  @Test
  void theGatherUrlIsSignedWithItsQueryAsTwilioCalledIt() throws Exception {
    Map<String, String> p = new LinkedHashMap<>(Map.of("To", "+33611111111", "From", "+33272646172", "Digits", "2",
        "Direction", "outbound-api", "CallSid", "CA1"));
    String url = TwilioWebhooks.gatherUrl(
        new com.serveurcom.astreinte.twilio.TwilioSettings("AC1", TOKEN, "+33272646172", URI.create("http://x"), PUBLIC),
        "26000004").toString();
    assertThat(url).isEqualTo(PUBLIC + "/twilio/voice/gather?request=26000004");
    var r = post(base, "/twilio/voice/gather?request=26000004", form(p), "application/x-www-form-urlencoded", sign(url, p));
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(acks.calls).containsExactly("decline 26000004 +33611111111 VOICE");

    // The same signature for another request number is not valid: the query is part of what Twilio signs.
    var forged = post(base, "/twilio/voice/gather?request=26000005", form(p), "application/x-www-form-urlencoded", sign(url, p));
    assertThat(forged.statusCode()).isEqualTo(403);
    assertThat(acks.calls).hasSize(1);
  }

  @Test
  void aStatusCallbackAnswers204() throws Exception {
    Map<String, String> p = new LinkedHashMap<>(Map.of("MessageSid", "SM9", "MessageStatus", "delivered"));
    var r = post(base, "/twilio/status", form(p), "application/x-www-form-urlencoded", sign(PUBLIC + "/twilio/status", p));
    assertThat(r.statusCode()).isEqualTo(204);
    assertThat(acks.calls).containsExactly("status SM9 delivered");
  }

  @Test
  void aBadOrMissingSignatureIs403AndChangesNothing() throws Exception {
    Map<String, String> p = sms("OK 26000001");
    String good = sign(PUBLIC + "/twilio/sms", p);
    // Signed for the loopback URL (what the Host header says), not the public one.
    assertThat(post(base, "/twilio/sms", form(p), "application/x-www-form-urlencoded", sign(base + "/twilio/sms", p))
        .statusCode()).isEqualTo(403);
    assertThat(post(base, "/twilio/sms", form(sms("OK 26000002")), "application/x-www-form-urlencoded", good)
        .statusCode()).isEqualTo(403);
    assertThat(post(base, "/twilio/sms", form(p), "application/x-www-form-urlencoded", null).statusCode()).isEqualTo(403);
    assertThat(post(base, "/twilio/status", form(p), "application/x-www-form-urlencoded", "garbage").statusCode()).isEqualTo(403);
    assertThat(acks.calls).isEmpty();
  }

  @Test
  void withoutAnAuthTokenEveryWebhookIs403() throws Exception {
    Map<String, String> p = sms("OK 26000001");
    for (String path : List.of("/twilio/sms", "/twilio/voice/gather?request=26000001", "/twilio/status")) {
      var r = post(unconfiguredBase, path, form(p), "application/x-www-form-urlencoded", sign(PUBLIC + path, p));
      assertThat(r.statusCode()).as(path).isEqualTo(403);
      assertThat(post(unconfiguredBase, path, "{}", "application/json", null).statusCode()).as(path).isEqualTo(403);
    }
    assertThat(acks.calls).isEmpty();
  }

  @Test
  void aBodyThatIsNotAUtf8FormIs415() throws Exception {
    assertThat(post(base, "/twilio/sms", "{\"Body\":\"OK 1\"}", "application/json", "x").statusCode()).isEqualTo(415);
    assertThat(post(base, "/twilio/sms", "Body=OK", null, "x").statusCode()).isEqualTo(415);
    assertThat(post(base, "/twilio/sms", "Body=OK", "application/x-www-form-urlencoded; charset=ISO-8859-1", "x")
        .statusCode()).isEqualTo(415);
    assertThat(post(base, "/twilio/sms", "Body=%zz", "application/x-www-form-urlencoded", "x").statusCode()).isEqualTo(400);
    assertThat(acks.calls).isEmpty();
  }

  @Test
  void twilioPathsNeedNoBearerToken() throws Exception {
    // 403 from the signature check, not 401 from the API token: /twilio is outside /api/.
    var r = post(base, "/twilio/sms", form(sms("x")), "application/x-www-form-urlencoded", null);
    assertThat(r.statusCode()).isEqualTo(403);
    assertThat(r.headers().firstValue("WWW-Authenticate")).isEmpty();
  }

  static java.net.http.HttpResponse<byte[]> get(String server, String pathAndQuery) throws Exception {
    return client.send(java.net.http.HttpRequest.newBuilder(URI.create(server + pathAndQuery)).GET().build(),
        BodyHandlers.ofByteArray());
  }

  static String signedPath(URI link) {
    return link.getRawPath() + "?" + link.getRawQuery();
  }

  @Test
  void aSignedRecordingLinkServesTheAudio() throws Exception {
    byte[] audio = "RIFF-audio-bytes-WAVE".getBytes(StandardCharsets.US_ASCII);
    store.store("1795795942-00000000", Files.write(data.resolve("in.wav"), audio));
    RecordingLinks links = new RecordingLinks(new SignedUrls(SECRET, clock), PUBLIC, Duration.ofHours(24), clock);
    URI link = links.link("1795795942-00000000");
    assertThat(link.toString()).startsWith(PUBLIC + "/recordings/1795795942-00000000.wav?exp=");

    var ok = get(base, signedPath(link));
    assertThat(ok.statusCode()).isEqualTo(200);
    assertThat(ok.headers().firstValue("content-type")).contains("audio/wav");
    assertThat(ok.body()).isEqualTo(audio);
  }

  @Test
  void aTamperedRecordingLinkIs403AndAnExpiredOne410() throws Exception {
    store.store("1795795942-00000001", Files.write(data.resolve("in1.wav"), new byte[] {1, 2, 3}));
    RecordingLinks links = new RecordingLinks(new SignedUrls(SECRET, clock), PUBLIC, Duration.ofHours(24), clock);
    String path = signedPath(links.link("1795795942-00000001"));

    // Another message with this message's signature.
    assertThat(get(base, path.replace("00000001.wav", "00000000.wav")).statusCode()).isEqualTo(403);
    // A later expiry with the old signature.
    assertThat(get(base, path.replaceFirst("exp=(\\d+)", "exp=9$1")).statusCode()).isEqualTo(403);
    assertThat(get(base, "/recordings/1795795942-00000001.wav").statusCode()).isEqualTo(403);
    assertThat(get(unconfiguredBase, path).statusCode()).isEqualTo(403);

    clock.advance(Duration.ofHours(24));
    assertThat(get(base, path).statusCode()).isEqualTo(410);
  }

  @Test
  void aValidLinkToAPurgedRecordingIs404() throws Exception {
    RecordingLinks links = new RecordingLinks(new SignedUrls(SECRET, clock), PUBLIC, Duration.ofHours(24), clock);
    assertThat(get(base, signedPath(links.link("gone-00000000"))).statusCode()).isEqualTo(404);
  }
}

package com.serveurcom.astreinte;

import static com.serveurcom.astreinte.database.generated.Tables.AUDIT_LOG;
import static org.assertj.core.api.Assertions.assertThat;

import com.serveurcom.astreinte.call.SupportLine;
import com.serveurcom.astreinte.config.ConfigLoadResult;
import com.serveurcom.astreinte.config.ConfigLoader;
import com.serveurcom.astreinte.http.BearerToken;
import com.serveurcom.astreinte.simulator.AsteriskSimulator;
import com.serveurcom.astreinte.simulator.CallSpec;
import com.serveurcom.astreinte.simulator.QueueBehaviour;
import com.serveurcom.astreinte.simulator.SimulatorSettings;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The whole server as serve builds it: health, metrics, the manual override and a call it steers. */
class ServerTest {
  @TempDir static Path data;
  static Astreinte server;
  static int agiPort;
  static String base;
  static final HttpClient http = HttpClient.newHttpClient();

  @BeforeAll
  static void start() throws Exception {
    Path config = Path.of("..", "config").toAbsolutePath().normalize();
    try (ServerSocket s = new ServerSocket(0)) {
      agiPort = s.getLocalPort();
    }
    ServerSettings settings = new ServerSettings(config, data, true, InetAddress.getLoopbackAddress(), agiPort,
        50, InetAddress.getLoopbackAddress(), 0, Duration.ofSeconds(2), com.serveurcom.astreinte.Settings.read(Map.of()));
    server = new Astreinte(settings, Clock.systemUTC())
        .start(((ConfigLoadResult.Valid) ConfigLoader.load(config)).config(), new BearerToken("t0ken"));
    base = "http://127.0.0.1:" + server.httpAddress().getPort();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  static HttpResponse<String> send(String method, String path, String json) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).header("Authorization", "Bearer t0ken")
        .method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
    if (json != null) {
      b.header("Content-Type", "application/json");
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  static String callNow() {
    return new AsteriskSimulator(SimulatorSettings.defaults().withQueue(QueueBehaviour.agentAnswers()))
        .call(CallSpec.builder("127.0.0.1", agiPort).script("support").callerId("+33612345678", "x").keys("-,-,-").build())
        .variablesSet().get(SupportLine.OUTCOME_VARIABLE);
  }

  @Test
  void anEnginePoolTooSmallToPageIsRefusedAtStartWithTheVariable(@TempDir Path otherData) {
    Path config = Path.of("..", "config").toAbsolutePath().normalize();
    ServerSettings settings = new ServerSettings(config, otherData, true, InetAddress.getLoopbackAddress(), 0,
        50, InetAddress.getLoopbackAddress(), 0, Duration.ofSeconds(2), com.serveurcom.astreinte.Settings.read(Map.of("ASTREINTE_DB_ENGINE_POOL_SIZE", "1")));
    Astreinte refused = new Astreinte(settings, Clock.systemUTC());
    org.assertj.core.api.Assertions.assertThatThrownBy(() ->
            refused.start(((ConfigLoadResult.Valid) ConfigLoader.load(config)).config(), new BearerToken("t0ken")))
        .isInstanceOf(com.serveurcom.astreinte.StartRefused.class)
        .hasMessage("ASTREINTE_DB_ENGINE_POOL_SIZE doit être un nombre entier d'au moins 2, pas « 1 »");
  }

  @Test
  void theEmbeddedStoreOfServeIsDurable() {
    var db = server.database().dsl();
    // Read through the server's own pool: what the calls' transactions really get.
    assertThat(db.fetchValue("SHOW fsync")).isEqualTo("on");
    assertThat(db.fetchValue("SHOW synchronous_commit")).isEqualTo("on");
    assertThat(db.fetchValue("SHOW full_page_writes")).isEqualTo("on");
  }

  @Test
  void readinessNamesEachPartAndTheAmiLinkDownMakesItUnready(@TempDir Path otherData) throws Exception {
    var ready = http.send(HttpRequest.newBuilder(URI.create(base + "/readyz")).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(ready.statusCode()).isEqualTo(200);
    assertThat(ready.body()).contains("\"database\":\"ok\"").contains("\"pager\":\"log\"").doesNotContain("\"ami\"");

    int closed;
    try (ServerSocket s = new ServerSocket(0)) {
      closed = s.getLocalPort(); // nothing listens there once closed: the AMI link cannot log in
    }
    Path config = Path.of("..", "config").toAbsolutePath().normalize();
    ServerSettings settings = new ServerSettings(config, otherData, true, InetAddress.getLoopbackAddress(), 0,
        50, InetAddress.getLoopbackAddress(), 0, Duration.ofSeconds(2),
        com.serveurcom.astreinte.Settings.read(Map.of("ASTREINTE_AMI_HOST", "127.0.0.1", "ASTREINTE_AMI_PORT", Integer.toString(closed),
            "ASTREINTE_AMI_SECRET", "secret-de-test")));
    try (Astreinte withAmi = new Astreinte(settings, Clock.systemUTC())
        .start(((ConfigLoadResult.Valid) ConfigLoader.load(config)).config(), new BearerToken("t0ken"))) {
      var down = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + withAmi.httpAddress().getPort()
          + "/readyz")).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(down.statusCode()).isEqualTo(503);
      assertThat(down.body()).contains("\"database\":\"ok\"").contains("\"ami\":\"down since")
          .contains("\"error\":\"ami: down since");
    }
  }

  @Test
  void healthAndMetricsNeedNoToken() throws Exception {
    assertThat(http.send(HttpRequest.newBuilder(URI.create(base + "/healthz")).build(), HttpResponse.BodyHandlers.ofString())
        .statusCode()).isEqualTo(200);
    callNow();
    String metrics = http.send(HttpRequest.newBuilder(URI.create(base + "/metrics")).build(),
        HttpResponse.BodyHandlers.ofString()).body();
    assertThat(metrics).contains("astreinte_calls_total").contains("jvm_memory_used_bytes");
  }

  @Test
  void theManualOverrideSteersTheNextCallAndIsAudited() throws Exception {
    assertThat(send("PUT", "/api/override", "{\"open\":false,\"actor\":\"jeanne\"}").body())
        .contains("\"open\":false").contains("\"reason\":\"override\"");
    assertThat(callNow()).as("forced closed: the on-call flow").isEqualTo("refused reason=no_request_number");

    assertThat(send("PUT", "/api/override", "{\"open\":true,\"until\":\"2999-01-01T00:00:00Z\"}").statusCode()).isEqualTo(200);
    assertThat(callNow()).as("forced open: the agents").isEqualTo("routed queue=support");

    assertThat(send("DELETE", "/api/override", null).body()).contains("\"override\":null");
    assertThat(server.database().dsl().fetchCount(AUDIT_LOG, AUDIT_LOG.KIND.like("override_%"))).isGreaterThanOrEqualTo(3);
  }

  @Test
  void theOverrideCommandsTalkToTheServer() throws Exception {
    java.nio.file.Files.writeString(data.resolve("api-token"), "t0ken\n");
    String[] common = {"--api=" + base, "--data=" + data};
    assertThat(com.serveurcom.astreinte.cli.AstreinteCommand.execute(concat(new String[] {"override", "closed",
        "--until=2999-01-01T00:00:00Z", "--actor=paul"}, common))).isZero();
    assertThat(send("GET", "/api/override", null).body()).contains("\"open\":false").contains("2999-01-01T00:00:00Z");
    java.io.ByteArrayOutputStream captured = new java.io.ByteArrayOutputStream();
    java.io.PrintStream saved = System.out;
    System.setOut(new java.io.PrintStream(captured, true, java.nio.charset.StandardCharsets.UTF_8));
    try {
      assertThat(com.serveurcom.astreinte.cli.AstreinteCommand.execute(concat(new String[] {"schedule", "at",
          java.time.Instant.now().plusSeconds(60).toString(), "--live", "--json", "--config=" + Path.of("..", "config")},
          common))).isZero();
    } finally {
      System.setOut(saved);
    }
    assertThat(captured.toString(java.nio.charset.StandardCharsets.UTF_8)).contains("\"reason\":\"override\"");
    assertThat(com.serveurcom.astreinte.cli.AstreinteCommand.execute(concat(new String[] {"override", "show"}, common))).isZero();
    assertThat(com.serveurcom.astreinte.cli.AstreinteCommand.execute(concat(new String[] {"override", "clear"}, common))).isZero();
    assertThat(send("GET", "/api/override", null).body()).contains("\"override\":null");
    assertThat(com.serveurcom.astreinte.cli.AstreinteCommand.execute(concat(new String[] {"override", "open",
        "--until=demain"}, common))).as("refused by the server").isEqualTo(1);
  }

  static String[] concat(String[] a, String[] b) {
    String[] r = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, r, a.length, b.length);
    return r;
  }

  @Test
  void aTicketShowsItsDeadlinesOverrunAndLevel() throws Exception {
    String body = send("GET", "/api/tickets/26000006", null).body();
    assertThat(body).contains("\"escalation\":{").contains("\"deadlines\":[").contains("\"overrun_seconds\"")
        .contains("\"level\":");
    assertThat(send("GET", "/api/escalations?open=true", null).statusCode()).isEqualTo(200);
    assertThat(send("GET", "/api/reports/oncall?from=2026-11-01&to=2026-12-01&format=csv", null).statusCode()).isEqualTo(200);
  }

  @Test
  void aBadOverrideIsRefusedWithTheField() throws Exception {
    assertThat(send("PUT", "/api/override", "{\"until\":\"2999-01-01T00:00:00Z\"}").body()).contains("\"field\":\"open\"");
    assertThat(send("PUT", "/api/override", "{\"open\":true,\"until\":\"demain\"}").statusCode()).isEqualTo(400);
    assertThat(send("PUT", "/api/override", "{\"open\":true,\"until\":\"2001-01-01T00:00:00Z\"}").statusCode()).isEqualTo(400);
  }
}

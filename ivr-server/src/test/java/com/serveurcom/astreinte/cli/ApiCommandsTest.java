package com.serveurcom.astreinte.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.serveurcom.astreinte.demo.DemoFixture;
import com.serveurcom.astreinte.http.ApiTokens;
import com.serveurcom.astreinte.http.TestApiServer;
import com.serveurcom.astreinte.testing.MutableClock;
import com.serveurcom.astreinte.testing.TestDatabase;
import com.serveurcom.astreinte.testing.TestSla;
import java.io.ByteArrayOutputStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** account and ticket commands through AstreinteCommand.execute against the running test server. */
class ApiCommandsTest {
  @RegisterExtension static final TestDatabase db = new TestDatabase();
  static final ObjectMapper mapper = new ObjectMapper();
  static TestApiServer api;

  @TempDir static Path data;

  @RegisterExtension final ConsoleCapture console = new ConsoleCapture();
  private final ByteArrayOutputStream out = console.out;
  private final ByteArrayOutputStream err = console.err;

  @BeforeAll
  static void start() throws Exception {
    api = new TestApiServer(db.database(), TestSla.TWENTY_FOUR_SEVEN,
        new MutableClock(Instant.parse("2026-11-28T02:00:00Z")), 64 * 1024, 2);
    new DemoFixture(db.database(), api.accounts, api.tickets).loadBundled();
    Files.writeString(data.resolve(ApiTokens.FILE_NAME), TestApiServer.TOKEN + "\n");
  }

  @AfterAll
  static void stop() {
    api.close();
  }

  private int run(String... args) {
    out.reset();
    err.reset();
    List<String> all = new ArrayList<>(List.of(args));
    all.add("--api=" + api.base);
    all.add("--data=" + data);
    return AstreinteCommand.execute(all.toArray(String[]::new));
  }

  private String stdout() {
    return out.toString(StandardCharsets.UTF_8);
  }

  private String stderr() {
    return err.toString(StandardCharsets.UTF_8);
  }

  private JsonNode json() throws Exception {
    return mapper.readTree(stdout());
  }

  @Test
  void accountCreateAndShow() throws Exception {
    assertThat(run("account", "create", "--name", "Pharmacie Blanc", "--oncall", "--services", "technical,administrative",
        "--phone", "+33611111111", "--phone", "+33622222222", "--json")).as(stderr()).isZero();
    JsonNode a = json();
    assertThat(a.get("oncall_services")).hasSize(2);
    long id = a.get("id").asLong();

    assertThat(run("account", "show", Long.toString(id))).isZero();
    assertThat(stdout()).contains("Pharmacie Blanc").contains("option astreinte : oui").contains("+33611111111, +33622222222");

    assertThat(run("account", "create", "--name", "Pharmacie Blanc")).isEqualTo(1);
    assertThat(stderr()).contains("astreinte: account create: un compte porte déjà ce nom (champ name)");
    assertThat(run("account", "show", "424242")).isEqualTo(1);
    assertThat(stderr()).contains("aucun compte avec cet identifiant");
  }

  @Test
  void ticketCreateShowEventAndList() throws Exception {
    long acme = api.accounts.findByName("ACME Industrie").orElseThrow().id();
    assertThat(run("ticket", "create", "--account", Long.toString(acme), "--service", "technical", "--priority", "high",
        "--subject", "Routeur en panne", "--contact-name", "Jeanne", "--contact-phone", "+33612345678",
        "--contact-email", "j@acme.fr", "--description", "Plus d'accès", "--motive", "panne", "--json"))
        .as(stderr()).isZero();
    String number = json().get("number").asText();
    assertThat(number).matches("26[0-9]{6}");

    assertThat(run("ticket", "show", number)).isZero();
    assertThat(stdout()).contains(number).contains("Routeur en panne").contains("prise en charge avant le 28/11/2026 03:30")
        .contains("création");

    assertThat(run("ticket", "event", number, "--kind", "take_charge", "--actor", "luc", "--assignee", "Luc", "--json"))
        .as(stderr()).isZero();
    assertThat(json().get("status").asText()).isEqualTo("in_progress");
    assertThat(run("ticket", "event", number, "--kind", "comment", "--text", "Appelé")).isZero();
    assertThat(stdout()).contains("commentaire").contains("(texte : Appelé)")
        .contains("(technicien : Luc ; état précédent : nouvelle)").doesNotContain("in_progress");

    assertThat(run("ticket", "list", "--status", "in_progress", "--account", Long.toString(acme), "--json")).isZero();
    List<String> lines = stdout().lines().toList();
    assertThat(lines).isNotEmpty();
    for (String line : lines) {
      assertThat(mapper.readTree(line).get("status").asText()).isEqualTo("in_progress");
    }
    assertThat(lines).anyMatch(l -> l.contains(number));

    assertThat(run("ticket", "list", "--priority", "high")).isZero();
    assertThat(stdout()).contains("26000001");
  }

  @Test
  void refusalsGoToStderrWithTheirExitStatus() {
    assertThat(run("ticket", "show", "99999999")).isEqualTo(1);
    assertThat(stderr()).contains("astreinte: ticket show: aucune demande avec ce numéro");
    assertThat(stdout()).isEmpty();

    assertThat(run("ticket", "event", "26000004", "--kind", "resolve")).isEqualTo(1);
    assertThat(stderr()).startsWith("astreinte: ticket event: transition refusée").contains("(champ kind)");

    assertThat(run("ticket", "list", "--status", "open")).isEqualTo(1);
    assertThat(stderr()).contains("(champ status)");

    assertThat(run("ticket", "create", "--account", "1", "--service", "technical", "--priority", "urgent",
        "--subject", "x")).isEqualTo(1);
    assertThat(stderr()).contains("priorité inconnue");

    assertThat(run("ticket", "show", "26-1")).isEqualTo(2);
    assertThat(stderr()).contains("4 à 12 chiffres");
  }

  @Test
  void serverNotRunningIsAClearError() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    out.reset();
    err.reset();
    int status = AstreinteCommand.execute("ticket", "show", "26000001", "--api=http://127.0.0.1:" + port, "--data=" + data);
    assertThat(status).isEqualTo(3);
    assertThat(stderr()).contains("astreinte: ticket show: aucun serveur Astreinte ne répond à http://127.0.0.1:" + port).contains("serve");
  }

  @Test
  void missingTokenIsAClearError(@TempDir Path empty) {
    int status = AstreinteCommand.execute("ticket", "show", "26000001", "--api=" + api.base, "--data=" + empty);
    assertThat(status).isEqualTo(3);
    assertThat(stderr()).contains("aucun jeton d'API").contains(ApiTokens.ENV);
  }

  @Test
  void wrongTokenIsReported(@TempDir Path other) throws Exception {
    Files.writeString(other.resolve(ApiTokens.FILE_NAME), "not-the-token");
    int status = AstreinteCommand.execute("ticket", "show", "26000001", "--api=" + api.base, "--data=" + other);
    assertThat(status).isEqualTo(1);
    assertThat(stderr()).contains("jeton d'API absent ou refusé");
  }

  @Test
  void simulatePageOnAServerWithoutTheDemosPbxSaysSoAtOnce() {
    long t0 = System.nanoTime();
    assertThat(run("simulate-page", "--attente", "30")).isEqualTo(1);
    assertThat(stderr()).contains("astreinte: simulate-page: ce serveur n'a pas d'Asterisk simulé");
    assertThat((System.nanoTime() - t0) / 1_000_000).as("no polling for --attente").isLessThan(5_000);
  }
}

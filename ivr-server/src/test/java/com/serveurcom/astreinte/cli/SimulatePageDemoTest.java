package com.serveurcom.astreinte.cli;

import static com.serveurcom.astreinte.database.generated.Tables.ONCALL_REQUEST;
import static com.serveurcom.astreinte.database.generated.Tables.PAGE_ATTEMPT;
import static org.assertj.core.api.Assertions.assertThat;

import com.serveurcom.astreinte.Astreinte;
import com.serveurcom.astreinte.ServerSettings;
import com.serveurcom.astreinte.Settings;
import com.serveurcom.astreinte.account.AccountStore;
import com.serveurcom.astreinte.account.NewAccount;
import com.serveurcom.astreinte.config.ConfigLoadResult;
import com.serveurcom.astreinte.config.ConfigLoader;
import com.serveurcom.astreinte.http.ApiTokens;
import com.serveurcom.astreinte.http.BearerToken;
import com.serveurcom.astreinte.oncall.OnCallMessage;
import com.serveurcom.astreinte.oncall.OnCallRequests;
import com.serveurcom.astreinte.testing.TestSla;
import com.serveurcom.astreinte.ticket.NewTicket;
import com.serveurcom.astreinte.ticket.Priority;
import com.serveurcom.astreinte.ticket.Service;
import com.serveurcom.astreinte.ticket.TicketStore;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code serve --demo} paging through its own simulated Asterisk, end to end: the server as serve builds it
 * (embedded PostgreSQL, AMI link, FastAGI and HTTP on real TCP), {@code voix: fournisseur: asterisk} and no
 * {@code ASTREINTE_AMI_HOST}; a registered request is paged, the demo PBX rings, and
 * {@code bin/astreinte simulate-page} picks up and takes charge with key 1.
 */
class SimulatePageDemoTest {
  @TempDir static Path data;
  @TempDir static Path config;
  static Astreinte server;
  static String api;
  static int agiPort;
  /** As serve --demo: the server's clock follows simulate-call --at. */
  static final com.serveurcom.astreinte.agi.DryRunClock clock =
      new com.serveurcom.astreinte.agi.DryRunClock(Clock.systemUTC());

  @RegisterExtension final ConsoleCapture console = new ConsoleCapture();

  @BeforeAll
  static void start() throws Exception {
    copy(Path.of("..", "config").toAbsolutePath().normalize(), config);
    Path yaml = config.resolve("astreinte.yaml");
    String text = Files.readString(yaml, StandardCharsets.UTF_8);
    assertThat(text).contains("  fournisseur: twilio\n  secours: aucun\n");
    // Voice through Asterisk; announcements and the fallback through the demo's log pager.
    Files.writeString(yaml, text.replace("  fournisseur: twilio\n  secours: aucun\n",
        "  fournisseur: asterisk\n  secours: twilio\n"), StandardCharsets.UTF_8);
    try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
      agiPort = s.getLocalPort();
    }
    ServerSettings settings = new ServerSettings(config, data, true, InetAddress.getLoopbackAddress(), agiPort, 50,
        InetAddress.getLoopbackAddress(), 0, Duration.ofSeconds(2), Settings.read(Map.of()));
    server = new Astreinte(settings, clock)
        .start(((ConfigLoadResult.Valid) ConfigLoader.load(config)).config(), new BearerToken("t0ken"));
    Files.writeString(data.resolve(ApiTokens.FILE_NAME), "t0ken\n");
    api = "--api=http://127.0.0.1:" + server.httpAddress().getPort();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private int run(String... args) {
    console.out.reset();
    console.err.reset();
    return AstreinteCommand.execute(Stream.concat(Stream.of(args), Stream.of(api, "--data=" + data))
        .toArray(String[]::new));
  }

  /** A command that does not talk to the HTTP API (no --api, --data). */
  private int runAlone(String... args) {
    console.out.reset();
    console.err.reset();
    return AstreinteCommand.execute(args);
  }

  private String stdout() {
    return console.out.toString(StandardCharsets.UTF_8);
  }

  private String stderr() {
    return console.err.toString(StandardCharsets.UTF_8);
  }

  @Test
  void aPageRingsOnTheDemoAsteriskAndSimulatePageTakesChargeByKey() {
    String n = register();

    assertThat(run("simulate-page", "--touche", "1", "--attente", "60")).as(stderr()).isZero();

    assertThat(stdout()).contains("appel décroché : demande " + n)
        .contains("« Alerte d'astreinte Serveurcom. Appuyez sur une touche pour écouter l'alerte d'astreinte. »")
        .contains("« Prise en charge enregistrée.");
    var request = server.database().dsl().selectFrom(ONCALL_REQUEST).where(ONCALL_REQUEST.TICKET_NUMBER.eq(n))
        .fetchOne();
    assertThat(request.getStatus()).isEqualTo("taken_in_charge");
    assertThat(request.getTakenChargeBy()).endsWith("(voice)");
    // Placed through the (simulated) Asterisk, over the AMI link: no fallback.
    List<String> providers = server.database().dsl().select(PAGE_ATTEMPT.PROVIDER).from(PAGE_ATTEMPT)
        .where(PAGE_ATTEMPT.TICKET_NUMBER.eq(n).and(PAGE_ATTEMPT.CHANNEL.eq("voice"))).fetch(PAGE_ATTEMPT.PROVIDER);
    assertThat(providers).containsExactly("asterisk");
  }

  @Test
  void theReadmesPathCallThenPickUpAndPutThrough() throws Exception {
    // The customer's call of the README (demo ticket 26000001, Saturday 3 a.m.), registered by the support script.
    assertThat(runAlone("simulate-call", "--caller", "+33612345678", "--keys", "26000001#,1,message", "--at",
        "2026-11-28T03:00:00+01:00", "--host", "127.0.0.1", "--port", Integer.toString(agiPort),
        // Its spool, not data/ under the working directory (the source tree when tests run).
        "--spool", data.resolve("spool").resolve("voicemail").toString())).as(stderr()).isZero();
    assertThat(stdout()).contains("outcome: registered request=26000001");

    // The technician picks up, listens, and chooses 4: taken in charge and put through to the customer.
    assertThat(run("simulate-page", "--touche", "4", "--attente", "60")).as(stderr()).isZero();
    assertThat(stdout()).contains("appel décroché : demande 26000001")
        .contains("mise en relation demandée à Asterisk : EXEC").contains("  26000001\n");
    assertThat(stdout()).doesNotContain("+33612345678"); // masked
    assertThat(server.database().dsl().fetchValue(ONCALL_REQUEST.STATUS, ONCALL_REQUEST.TICKET_NUMBER.eq("26000001")))
        .isEqualTo("taken_in_charge");
  }

  @Test
  void nothingRingingIsSaidInFrenchWithStatusOne() {
    assertThat(run("simulate-page", "--attente", "0")).isEqualTo(1);
    assertThat(stderr()).contains("astreinte: simulate-page: aucun appel d'astreinte n'a sonné en 0 s");
  }

  @Test
  void aBadChoiceIsAUsageError() {
    assertThat(run("simulate-page", "--touche", "7")).isEqualTo(2);
    assertThat(stderr()).contains("--touche vaut 1 (prendre en charge), 2 (refuser) ou 4 (mise en relation)");
  }

  /** A high-priority request registered now (its page's outbox row written with it). @return its number */
  private static String register() {
    long account = new AccountStore(server.database(), clock)
        .create(new NewAccount("Démo PBX " + System.nanoTime(), true, Set.of(Service.TECHNICAL), List.of())).id();
    String n = new TicketStore(server.database(), TestSla.TWENTY_FOUR_SEVEN, clock)
        .create(new NewTicket(account, Service.TECHNICAL, "panne", Priority.HIGH, "Serveur arrêté", null, "Jean", null,
            "+33655555555"), "test").number();
    new OnCallRequests(server.database()).register(new OnCallMessage(n, "+33655555555", "+33655555555",
        "/var/spool/asterisk/voicemail/astreinte/100/INBOX/msg0001.txt", "call-" + n, clock.instant()));
    return n;
  }

  private static void copy(Path from, Path to) throws IOException {
    try (Stream<Path> files = Files.walk(from)) {
      for (Path f : (Iterable<Path>) files::iterator) {
        Path target = to.resolve(from.relativize(f).toString());
        if (Files.isDirectory(f)) {
          Files.createDirectories(target);
        } else {
          Files.copy(f, target);
        }
      }
    }
  }
}

package com.serveurcom.astreinte.cli;

import com.serveurcom.astreinte.Astreinte;
import com.serveurcom.astreinte.ServerSettings;
import com.serveurcom.astreinte.Settings;
import com.serveurcom.astreinte.StartRefused;
import com.serveurcom.astreinte.config.AstreinteConfig;
import com.serveurcom.astreinte.http.ApiTokens;
import com.serveurcom.astreinte.http.BearerToken;
import java.security.SecureRandom;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code bin/astreinte serve}: the server itself, until SIGTERM or Ctrl-C. */
@Command(name = "serve", description = "Lance le serveur : FastAGI, API HTTP, moteurs d'alerte et d'escalade (PostgreSQL embarqué sauf si ASTREINTE_DB_URL est défini).")
public final class ServeCommand implements Callable<Integer> {
  private static final Logger log = LoggerFactory.getLogger(ServeCommand.class);

  @Mixin CommonOptions common;

  @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

  @Option(names = "--demo", description = "Charge les comptes et demandes de démonstration (une seule fois : un redémarrage garde ce qui a été modifié) et accepte simulate-call --at.")
  boolean demo;

  @Option(names = "--reset", description = "Avec --demo : remet les comptes et demandes de démonstration dans leur état"
      + " initial (sans --reset, un redémarrage garde ce qui a été modifié).")
  boolean reset;

  @Option(names = "--data", paramLabel = "DIR", defaultValue = "data",
      description = "Dossier de la base embarquée, du journal des messages et du jeton d'API (défaut : ${DEFAULT-VALUE}).")
  Path dataDir;

  @Option(names = "--agi-bind", defaultValue = "127.0.0.1", description = "Adresse FastAGI (défaut : ${DEFAULT-VALUE}).")
  String agiBind;

  @Option(names = "--agi-port", defaultValue = "4573", description = "Port FastAGI (défaut : ${DEFAULT-VALUE}).")
  int agiPort;

  @Option(names = "--agi-max-calls", defaultValue = "2000",
      description = "Appels servis en même temps avant de refuser le suivant d'Asterisk (défaut : ${DEFAULT-VALUE}).")
  int agiMaxCalls;

  @Option(names = "--http-bind", defaultValue = "127.0.0.1", description = "Adresse HTTP (défaut : ${DEFAULT-VALUE}).")
  String httpBind;

  @Option(names = "--http-port", defaultValue = "8080", description = "Port HTTP (défaut : ${DEFAULT-VALUE}).")
  int httpPort;

  private final Settings environment;

  ServeCommand(Settings environment) {
    this.environment = environment;
  }

  @Override
  public Integer call() throws Exception {
    AstreinteConfig config = common.loadOrReport();
    if (config == null) {
      return CommonOptions.EXIT_INVALID;
    }
    if (reset && !demo) {
      System.err.println(ErrorLine.of(spec, "--reset ne s'emploie qu'avec --demo"));
      return CommonOptions.EXIT_INVALID;
    }
    // The demo's simulated calls write their voicemail where a real Asterisk would; the server
    // reads it from there, so the whole loop (message, copy, page) runs without a PBX.
    Settings env = demo ? environment.withDefaultSpool(dataDir.resolve("spool").resolve("voicemail")) : environment;
    // Only the option resets: nothing in the environment may wipe a person's changes at each start.
    ServerSettings settings = new ServerSettings(
        common.configDir(), dataDir, demo, demo && reset, InetAddress.getByName(agiBind), agiPort, agiMaxCalls,
        InetAddress.getByName(httpBind), httpPort, Duration.ofSeconds(30), env);
    BearerToken token = new BearerToken(
        new ApiTokens(env.apiToken(), settings.dataDir(), new SecureRandom()).forServer(System.out).token());
    Astreinte server;
    try {
      // A demo server's clock follows simulate-call --at, so the demo's calls, pages and reports tell one story.
      Clock clock = demo ? new com.serveurcom.astreinte.agi.DryRunClock(Clock.systemUTC()) : Clock.systemUTC();
      server = new Astreinte(settings, clock).start(config, token);
    } catch (StartRefused e) {
      // One line the person starting the server can act on; nothing was sent.
      System.err.println("astreinte: serve: " + e.getMessage());
      return e.exitStatus();
    } catch (RuntimeException e) {
      log.error("démarrage impossible : {}", e.getMessage());
      return 1;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      log.info("arrêt : les appels en cours se terminent (au plus {} s)", settings.drainTimeout().toSeconds());
      server.close();
      log.info("arrêté ; les données restent dans {}", settings.dataDir());
      stopped.countDown();
    }, "astreinte-stop"));
    stopped.await();
    return 0;
  }
}

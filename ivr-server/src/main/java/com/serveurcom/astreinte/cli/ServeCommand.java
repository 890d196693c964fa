package com.serveurcom.astreinte.cli;

import com.serveurcom.astreinte.Astreinte;
import com.serveurcom.astreinte.ServerSettings;
import com.serveurcom.astreinte.StartRefused;
import com.serveurcom.astreinte.config.AstreinteConfig;
import com.serveurcom.astreinte.http.ApiTokens;
import com.serveurcom.astreinte.http.BearerToken;
import java.security.SecureRandom;
import java.util.HashMap;
import java.util.Map;
import com.serveurcom.astreinte.voicemail.VoicemailEnvironment;
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
@Command(name = "serve", description = "Run the server: FastAGI, HTTP API, engines (embedded PostgreSQL unless ASTREINTE_DB_URL is set).")
public final class ServeCommand implements Callable<Integer> {
  private static final Logger log = LoggerFactory.getLogger(ServeCommand.class);

  @Mixin CommonOptions common;

  @Option(names = "--demo", description = "Load the demo accounts and tickets, and honour simulate-call --at.")
  boolean demo;

  @Option(names = "--data", paramLabel = "DIR", defaultValue = "${env:ASTREINTE_DATA_DIR:-data}",
      description = "Where the embedded database, the message journal and the API token live (default: ${DEFAULT-VALUE}).")
  Path dataDir;

  @Option(names = "--agi-bind", defaultValue = "${env:ASTREINTE_AGI_BIND:-127.0.0.1}", description = "FastAGI address (default: ${DEFAULT-VALUE}).")
  String agiBind;

  @Option(names = "--agi-port", defaultValue = "${env:ASTREINTE_AGI_PORT:-4573}", description = "FastAGI port (default: ${DEFAULT-VALUE}).")
  int agiPort;

  @Option(names = "--agi-max-calls", defaultValue = "${env:ASTREINTE_AGI_MAX_CALLS:-2000}",
      description = "Calls served at once before Asterisk's next call is refused (default: ${DEFAULT-VALUE}).")
  int agiMaxCalls;

  @Option(names = "--http-bind", defaultValue = "${env:ASTREINTE_HTTP_BIND:-127.0.0.1}", description = "HTTP address (default: ${DEFAULT-VALUE}).")
  String httpBind;

  @Option(names = "--http-port", defaultValue = "${env:ASTREINTE_HTTP_PORT:-8080}", description = "HTTP port (default: ${DEFAULT-VALUE}).")
  int httpPort;

  @Override
  public Integer call() throws Exception {
    AstreinteConfig config = common.loadOrReport();
    if (config == null) {
      return CommonOptions.EXIT_INVALID;
    }
    Map<String, String> env = new HashMap<>(System.getenv());
    if (demo) {
      // The demo's simulated calls write their voicemail where a real Asterisk would; the server
      // reads it from there, so the whole loop (message, copy, page) runs without a PBX.
      env.putIfAbsent(VoicemailEnvironment.ENV_SPOOL, dataDir.resolve("spool").resolve("voicemail").toString());
    }
    ServerSettings settings = new ServerSettings(
        common.configDir(), dataDir, demo, InetAddress.getByName(agiBind), agiPort,
        ServerSettings.hosts(env.get("ASTREINTE_AGI_ALLOW")), agiMaxCalls,
        InetAddress.getByName(httpBind), httpPort, Duration.ofSeconds(30), env);
    BearerToken token = new BearerToken(
        new ApiTokens(settings.env(), settings.dataDir(), new SecureRandom()).forServer(System.out).token());
    Astreinte server;
    try {
      server = new Astreinte(settings, Clock.systemUTC()).start(config, token);
    } catch (StartRefused e) {
      // One line the person starting the server can act on; nothing was sent.
      System.err.println("astreinte serve : " + e.getMessage());
      return e.exitStatus();
    } catch (RuntimeException e) {
      log.error("cannot start: {}", e.getMessage());
      return 1;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      log.info("stopping: letting calls in progress end (up to {} s)", settings.drainTimeout().toSeconds());
      server.close();
      log.info("stopped; the data stays in {}", settings.dataDir());
      stopped.countDown();
    }, "astreinte-stop"));
    stopped.await();
    return 0;
  }
}

package com.serveurcom.astreinte.bench;

import com.serveurcom.astreinte.Astreinte;
import com.serveurcom.astreinte.ServerSettings;
import com.serveurcom.astreinte.account.AccountStore;
import com.serveurcom.astreinte.config.ConfigLoadResult;
import com.serveurcom.astreinte.config.ConfigLoader;
import com.serveurcom.astreinte.demo.DemoFixture;
import com.serveurcom.astreinte.http.BearerToken;
import com.serveurcom.astreinte.ticket.SlaPolicy;
import com.serveurcom.astreinte.ticket.TicketStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Set;

/**
 * A server under test in a JVM of its own, so that the simulator's threads and GC pauses do not
 * count against it. Started by {@link ServerProcess}:
 *
 * <pre>
 * BenchServer ours CONFIG_DIR DATA_DIR TICKETS   our server, demo data, embedded PostgreSQL in DATA_DIR
 * BenchServer bare SCRIPT_FILE                   the bare asterisk-java script ({@link BareServer.Script})
 * </pre>
 *
 * <p>Prints {@code READY port=N} on stdout once it takes calls, then serves until its stdin ends
 * (the driver closed it, or died) or SIGTERM, and closes cleanly; ours deletes DATA_DIR then. The
 * driver chooses DATA_DIR so that it can find PostgreSQL and clean up after a child that was killed.
 */
public final class BenchServer implements AutoCloseable {
    static final String READY = "READY port=";

    private final AutoCloseable server;
    private final int port;
    private final Path dataDir;
    private boolean closed;

    private BenchServer(AutoCloseable server, int port, Path dataDir) {
        this.server = server;
        this.port = port;
        this.dataDir = dataDir;
    }

    public static void main(String[] args) throws Exception {
        boolean ours = args.length == 5 && args[0].equals("ours");
        if (!ours && !(args.length == 2 && args[0].equals("bare"))) {
            System.err.println("usage: BenchServer ours CONFIG_DIR DATA_DIR TICKETS MAX_CALLS | BenchServer bare SCRIPT_FILE");
            System.exit(2);
        }
        BenchServer running;
        try {
            running = ours
                    ? startOurs(Path.of(args[1]), Path.of(args[2]), Integer.parseInt(args[3]), Integer.parseInt(args[4]))
                    : startBare(Path.of(args[1]));
        } catch (Exception e) {
            e.printStackTrace();
            // Whatever a failed start left running (pools, timers) must not keep this JVM up.
            System.exit(1);
            return;
        }
        // SIGTERM runs the shutdown hooks only: close from there too.
        Runtime.getRuntime().addShutdownHook(new Thread(running::close, "bench-server-close"));
        System.out.println(READY + running.port);
        System.out.flush();
        awaitEndOf(System.in);
        running.close();
        // Library threads (pools, timers) must not keep a closed server's JVM alive.
        System.exit(0);
    }

    static BenchServer startOurs(Path config, Path data, int tickets, int agiMaxCalls) throws Exception {
        var loaded = ConfigLoader.load(config);
        if (!(loaded instanceof ConfigLoadResult.Valid valid)) {
            throw new IllegalStateException("config " + config + " is not valid: " + loaded);
        }
        Files.createDirectories(data);
        int port = BareServer.freePort();
        ServerSettings settings = new ServerSettings(config, data, true, InetAddress.getLoopbackAddress(), port,
                agiMaxCalls, InetAddress.getLoopbackAddress(), 0, Duration.ofSeconds(10),
                com.serveurcom.astreinte.Settings.read(Map.of()));
        BenchServer running = null;
        try {
            Astreinte ours = new Astreinte(settings, Clock.systemUTC()).start(valid.config(), new BearerToken("bench"));
            running = new BenchServer(ours, port, data);
            if (tickets > 0) {
                var db = ours.database();
                SlaPolicy sla = (priority, from, onCall) ->
                        ours.config().current().slaPolicy().deadlines(priority, from, onCall);
                new DemoFixture(db, new AccountStore(db, Clock.systemUTC()), new TicketStore(db, sla, Clock.systemUTC()))
                        .load(new StringReader(SupportLineLoadBenchmark.ticketsYaml(tickets)), "benchmark tickets");
            }
        } catch (Exception e) {
            // Astreinte.start itself closes what it started when it fails.
            if (running != null) {
                running.close();
            } else {
                SupportLineLoadBenchmark.deleteQuietly(data);
            }
            throw e;
        }
        return running;
    }

    static BenchServer startBare(Path scriptFile) throws Exception {
        BareServer bare = BareServer.start(BareServer.Script.read(scriptFile));
        return new BenchServer(bare, bare.port(), null);
    }

    private static void awaitEndOf(InputStream in) throws IOException {
        byte[] ignored = new byte[256];
        while (in.read(ignored) >= 0) {
            // The driver writes nothing: only the end matters.
        }
    }

    /** Synchronized: a SIGTERM during the close on stdin's end must wait for it, not cut it short. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            server.close();
        } catch (Exception e) {
            System.err.println("could not close the server: " + e);
        }
        if (dataDir != null) {
            SupportLineLoadBenchmark.deleteQuietly(dataDir);
        }
    }
}

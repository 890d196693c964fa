package com.serveurcom.astreinte.bench;

import com.serveurcom.astreinte.Astreinte;
import com.serveurcom.astreinte.ServerSettings;
import com.serveurcom.astreinte.call.SupportLine;
import com.serveurcom.astreinte.config.ConfigLoadResult;
import com.serveurcom.astreinte.config.ConfigLoader;
import com.serveurcom.astreinte.http.BearerToken;
import com.serveurcom.astreinte.simulator.AsteriskSimulator;
import com.serveurcom.astreinte.simulator.CallResult;
import com.serveurcom.astreinte.simulator.CallSpec;
import com.serveurcom.astreinte.simulator.LatencyHistogram;
import com.serveurcom.astreinte.simulator.SimulatorSettings;
import com.serveurcom.astreinte.simulator.ThinkTimeRecorder;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.asteriskjava.fastagi.AgiChannel;
import org.asteriskjava.fastagi.AgiException;
import org.asteriskjava.fastagi.AgiRequest;
import org.asteriskjava.fastagi.AgiScript;
import org.asteriskjava.fastagi.DefaultAgiServer;
import org.asteriskjava.fastagi.SimpleMappingStrategy;
import org.asteriskjava.fastagi.command.AbstractAgiCommand;
import org.asteriskjava.fastagi.reply.AgiReply;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The support line under load over FastAGI: the whole server ({@link Astreinte} with the demo data
 * and embedded PostgreSQL) against a bare asterisk-java {@link DefaultAgiServer} script that sends
 * the very same command lines with no logic, in the same JVM, same simulator settings.
 *
 * <p>Open loop: a scheduler releases call starts at fixed intervals whatever the servers do, each
 * call on a thread of its own (the simulator blocks), media commands answered after 100 ms. For
 * each command the simulator measures the server's think time: from the end of its previous
 * answer (or header block) to the command line read (see {@code ThinkTimeRecorder}). Each rate
 * step warms up, then measures; the highest rate whose p99 stays under the target is reported
 * per server, and their ratio.
 *
 * <p>Settings are system properties so that the same class runs as a plain main or as the JUnit
 * test below (tag {@code benchmark}, excluded by default): {@code bench.rates} (calls/s,
 * comma-separated), {@code bench.warmupSeconds}, {@code bench.seconds}, {@code bench.mediaMs},
 * {@code bench.targetP99Ms}, {@code bench.servers} ({@code ours,bare}), {@code bench.out} (a
 * Markdown file for the tables), {@code bench.config} (the config directory).
 */
@Tag("benchmark")
public class SupportLineLoadBenchmark {

    /** Saturday 28 November 2026, 03:00 in Paris: on-call hours. */
    static final String SCRIPT = "support?at=2026-11-28T02:00:00Z";
    static final String CALLER = "+33612345678";

    /**
     * The call mix. Registrations are spread over {@code bench.tickets} high-priority tickets
     * created for the run (ACME Industrie, like the demo's 26000001), one refusal in eleven
     * (26000002, low priority). Spreading matters: every registration of one ticket takes that
     * ticket's row lock, so piling thousands of calls onto the demo's single eligible ticket measures
     * a queue on one row (see {@code bench.tickets=0}, which uses 26000001 and 26000006 only).
     */
    record Pattern(String number, boolean register) {
        String keys() {
            return register ? number + "#, 1, message" : number + "#";
        }

        String expected() {
            return register ? "registered request=" + number : "refused reason=priority_not_oncall";
        }
    }

    static final Pattern REFUSAL = new Pattern("26000002", false);

    static List<Pattern> mix(int tickets) {
        List<String> numbers = new ArrayList<>();
        if (tickets <= 0) {
            numbers.addAll(List.of("26000001", "26000006"));
        }
        for (int t = 1; t <= tickets; t++) {
            numbers.add(String.format(Locale.ROOT, "27%06d", t));
        }
        List<Pattern> out = new ArrayList<>();
        for (int i = 0; i < numbers.size() * 11 / 10; i++) {
            out.add(i % 11 == 10 ? REFUSAL : new Pattern(numbers.get(i * 10 / 11 % numbers.size()), true));
        }
        return out;
    }

    /** The benchmark's tickets, in the demo fixture's format (the same account as 26000001). */
    static String ticketsYaml(int tickets) {
        StringBuilder y = new StringBuilder("timezone: Europe/Paris\naccounts:\n"
                + "  - name: ACME Industrie\n    oncall_option: true\n    oncall_services: [technical]\n"
                + "    phones: [\"+33612345678\"]\ntickets:\n");
        for (int t = 1; t <= tickets; t++) {
            y.append(String.format(Locale.ROOT, "  - number: \"27%06d\"\n    account: ACME Industrie\n"
                    + "    service: technical\n    priority: high\n    status: new\n"
                    + "    opened: \"2026-11-28 01:00\"\n    subject: Charge %d\n    contact_name: Jeanne Dupont\n"
                    + "    contact_phone: \"+33612345678\"\n", t, t));
        }
        return y.toString();
    }

    @Test
    void supportLineUnderLoad() throws Exception {
        main(new String[0]);
    }

    public static void main(String[] args) throws Exception {
        double[] rates = Arrays.stream(System.getProperty("bench.rates", "200,400,600,800,1000,1200").split(","))
                .mapToDouble(s -> Double.parseDouble(s.trim())).toArray();
        Duration warmup = Duration.ofSeconds(Long.getLong("bench.warmupSeconds", 10));
        Duration measure = Duration.ofSeconds(Long.getLong("bench.seconds", 30));
        Duration media = Duration.ofMillis(Long.getLong("bench.mediaMs", 100));
        double targetP99Micros = Double.parseDouble(System.getProperty("bench.targetP99Ms", "5")) * 1000;
        List<String> servers = List.of(System.getProperty("bench.servers", "ours,bare").split(","));
        Path config = Path.of(System.getProperty("bench.config",
                Files.isDirectory(Path.of("config")) ? "config" : "../config")).toAbsolutePath().normalize();

        Path data = Files.createTempDirectory("agibench-");
        int oursPort = freePort();
        ServerSettings settings = new ServerSettings(config, data, true, InetAddress.getLoopbackAddress(), oursPort,
                Set.of(), 3000, InetAddress.getLoopbackAddress(), 0, Duration.ofSeconds(10), Map.of());
        var loaded = ConfigLoader.load(config);
        if (!(loaded instanceof ConfigLoadResult.Valid valid)) {
            throw new IllegalStateException("config " + config + " is not valid: " + loaded);
        }
        Astreinte ours = new Astreinte(settings, Clock.systemUTC()).start(valid.config(), new BearerToken("bench"));
        BareServer bare = null;
        StringBuilder report = new StringBuilder();
        try {
            int tickets = Integer.getInteger("bench.tickets", 500);
            if (tickets > 0) {
                var db = ours.database();
                var sla = (com.serveurcom.astreinte.sla.SlaPolicy) (priority, from, onCall) ->
                        ours.config().current().slaPolicy().deadlines(priority, from, onCall);
                new com.serveurcom.astreinte.demo.DemoFixture(db,
                        new com.serveurcom.astreinte.account.AccountStore(db, Clock.systemUTC()),
                        new com.serveurcom.astreinte.ticket.TicketStore(db, sla, Clock.systemUTC()))
                        .load(new java.io.StringReader(ticketsYaml(tickets)), "benchmark tickets");
            }
            List<Pattern> mix = mix(tickets);
            // The bare script replays what our server says: a registration's lines on a ticket
            // without a request yet, on one that has one already ("message added"), and a refusal.
            // Recorded here on a ticket outside the mix so that those calls change nothing measured.
            AsteriskSimulator quick = new AsteriskSimulator(SimulatorSettings.defaults());
            Pattern sample = new Pattern("26000001", true);
            CallResult first = quick.call(spec(oursPort, sample));
            CallResult again = quick.call(spec(oursPort, sample));
            CallResult refused = quick.call(spec(oursPort, REFUSAL));
            check(again, sample, "capture");
            check(refused, REFUSAL, "capture");
            Templates templates = new Templates(first.commands(), again.commands(), refused.commands(), sample.number());
            // 26000001 has a request now (the capture made it): the bare script must know it too.
            bare = BareServer.start(templates, Set.of(sample.number()));
            // The first call on 26000001 may have found a request left by an earlier step, so check
            // the bare script on the two outcomes it must reproduce exactly.
            for (Pattern p : List.of(sample, REFUSAL)) {
                CallResult b = quick.call(spec(bare.port, p));
                CallResult o = quick.call(spec(oursPort, p));
                if (!b.commands().equals(o.commands())) {
                    throw new IllegalStateException("bare script differs from ours for " + p.keys() + ":\n"
                            + b.commands() + "\n" + o.commands());
                }
            }
            System.out.println("command sequence (registration): " + String.join(" | ", again.commands()));
            report.append("Command sequence of a registration call (").append(again.commands().size())
                    .append(" commands, identical for both servers):\n\n```\n")
                    .append(String.join("\n", again.commands())).append("\n```\n\n");

            Map<String, Integer> ports = Map.of("ours", oursPort, "bare", bare.port);
            Map<String, List<Point>> results = new LinkedHashMap<>();
            Map<String, Boolean> stillPassing = new HashMap<>();
            servers.forEach(s -> {
                results.put(s, new ArrayList<>());
                stillPassing.put(s, true);
            });
            for (double rate : rates) {
                for (String s : servers) {
                    // Past two collapsed steps (failed calls, or p99 over a second) a server only gets
                    // worse; skip to save the shared box. A p99 just over target is often noise: go on.
                    List<Point> done = results.get(s);
                    long failures = done.stream().filter(pt -> pt.errors() > 0 || pt.p99() > 1_000_000).count();
                    if (failures >= 2) {
                        continue;
                    }
                    Point pt = runPoint(s, ports.get(s), rate, warmup, measure, media, mix);
                    done.add(pt);
                    System.out.println(pt.line());
                    System.out.println(pt.byCommandTable());
                    System.out.flush();
                }
            }

            report.append(String.format(Locale.ROOT,
                    "Each step: %d s warm-up, %d s measured, media answered after %d ms, target p99 < %.1f ms.%n%n",
                    warmup.toSeconds(), measure.toSeconds(), media.toMillis(), targetP99Micros / 1000));
            report.append(Point.HEADER);
            for (double rate : rates) {
                for (String s : servers) {
                    results.get(s).stream().filter(pt -> pt.rate() == rate).forEach(pt -> report.append(pt.row()));
                }
            }
            Map<String, Double> best = new LinkedHashMap<>();
            for (String s : servers) {
                best.put(s, results.get(s).stream().filter(pt -> pt.p99() < targetP99Micros && pt.errors() == 0)
                        .mapToDouble(Point::achievedRate).max().orElse(0));
            }
            report.append("\nHighest rate sustained with p99 < ").append(targetP99Micros / 1000).append(" ms: ");
            best.forEach((s, r) -> report.append(String.format(Locale.ROOT, "%s %.0f calls/s; ", s, r)));
            if (best.containsKey("ours") && best.containsKey("bare") && best.get("bare") > 0) {
                report.append(String.format(Locale.ROOT, "ratio ours/bare %.2f", best.get("ours") / best.get("bare")));
            }
            report.append("\n\nThink time by command (last step measured for each server; every step is printed as it ends):\n\n");
            for (String s : servers) {
                List<Point> done = results.get(s);
                if (!done.isEmpty()) {
                    report.append(done.get(done.size() - 1).byCommandTable());
                }
            }
            System.out.println();
            System.out.println(report);
            String out = System.getProperty("bench.out");
            if (out != null) {
                Files.writeString(Path.of(out), report.toString());
            }
        } finally {
            if (bare != null) {
                bare.server.shutdown();
            }
            ours.close();
            deleteQuietly(data);
        }
    }

    static CallSpec spec(int port, Pattern p) {
        return CallSpec.builder("127.0.0.1", port).script(SCRIPT).callerId(CALLER, "Client").keys(p.keys()).build();
    }

    static boolean check(CallResult r, Pattern p, String when) {
        boolean ok = r.closedPromptly() && p.expected().equals(r.variablesSet().get(SupportLine.OUTCOME_VARIABLE));
        if (!ok && when.equals("capture")) {
            throw new IllegalStateException("unexpected call at " + when + ": " + r.end() + " "
                    + r.variablesSet() + "\n" + r.printTranscript());
        }
        return ok;
    }

    /** One rate step for one server. Times in µs. */
    record Point(String server, double rate, double achievedRate, long calls, long errors, double meanInProgress,
                 int maxInProgress, long commands, long p50, long p99, long p999, long max, double schedulerLagMs,
                 Map<String, LatencyHistogram.Snapshot> byCommand) {
        static final String HEADER = "| server | rate asked (calls/s) | calls started/s | calls in progress (mean / max) "
                + "| commands measured | p50 | p99 | p99.9 | max | failed calls |\n|---|---|---|---|---|---|---|---|---|---|\n";

        String row() {
            return String.format(Locale.ROOT, "| %s | %.0f | %.0f | %.0f / %d | %d | %s | %s | %s | %s | %d |%n",
                    server, rate, achievedRate, meanInProgress, maxInProgress, commands, ms(p50), ms(p99), ms(p999),
                    ms(max), errors);
        }

        String line() {
            return String.format(Locale.ROOT,
                    "%-4s rate %5.0f/s: started %6.1f/s, in progress %6.0f (max %d), %d cmds, think p50 %s p99 %s p99.9 %s"
                            + " max %s, failed %d, scheduler lag max %.1f ms",
                    server, rate, achievedRate, meanInProgress, maxInProgress, commands, ms(p50), ms(p99), ms(p999),
                    ms(max), errors, schedulerLagMs);
        }

        String byCommandTable() {
            StringBuilder sb = new StringBuilder();
            sb.append(String.format(Locale.ROOT, "%s at %.0f calls/s:%n%n| command | count | p50 | p99 | max |%n|---|---|---|---|---|%n",
                    server, rate));
            byCommand.entrySet().stream()
                    .sorted(Comparator.comparingLong((Map.Entry<String, LatencyHistogram.Snapshot> e) ->
                            e.getValue().percentileMicros(99)).reversed())
                    .forEach(e -> sb.append(String.format(Locale.ROOT, "| `%s` | %d | %s | %s | %s |%n", e.getKey(),
                            e.getValue().count(), ms(e.getValue().percentileMicros(50)),
                            ms(e.getValue().percentileMicros(99)), ms(e.getValue().maxMicros()))));
            return sb.append('\n').toString();
        }

        static String ms(long micros) {
            return String.format(Locale.ROOT, "%.2f ms", micros / 1000.0);
        }
    }

    static Point runPoint(String server, int port, double rate, Duration warmup, Duration measure, Duration media,
                          List<Pattern> mix) throws InterruptedException {
        LatencyHistogram all = new LatencyHistogram();
        Map<String, LatencyHistogram> byCommand = new ConcurrentHashMap<>();
        // volatile through the array trick is not needed: a plain volatile field holder.
        var measuring = new java.util.concurrent.atomic.AtomicBoolean();
        ThinkTimeRecorder recorder = (command, nanos) -> {
            if (measuring.get()) {
                all.recordNanos(nanos);
                byCommand.computeIfAbsent(commandKey(command), k -> new LatencyHistogram()).recordNanos(nanos);
            }
        };
        AsteriskSimulator sim = new AsteriskSimulator(SimulatorSettings.defaults()
                .withMediaDelay(media).withIdleLimit(Duration.ofSeconds(30)).withThinkTimes(recorder));
        CallSpec[] specs = new CallSpec[mix.size()];
        Pattern[] patterns = mix.toArray(new Pattern[0]);
        for (int k = 0; k < specs.length; k++) {
            specs[k] = spec(port, patterns[k]);
        }
        AtomicInteger inProgress = new AtomicInteger();
        AtomicLong errors = new AtomicLong();
        AtomicInteger threadNo = new AtomicInteger();
        ExecutorService callers = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(null, r, "sim-call-" + threadNo.incrementAndGet(), 256 * 1024);
            t.setDaemon(true);
            return t;
        });
        // Samples the calls in progress during the measured window (Little's law check).
        long[] inProgressSum = new long[1];
        long[] samples = new long[1];
        int[] maxInProgress = new int[1];
        Thread sampler = new Thread(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                if (measuring.get()) {
                    int n = inProgress.get();
                    inProgressSum[0] += n;
                    samples[0]++;
                    maxInProgress[0] = Math.max(maxInProgress[0], n);
                }
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "bench-sampler");
        sampler.setDaemon(true);
        sampler.start();

        long interval = (long) (1e9 / rate);
        long start = System.nanoTime();
        long warmEnd = start + warmup.toNanos();
        long end = warmEnd + measure.toNanos();
        long next = start;
        long i = 0;
        long startedInWindow = 0;
        long maxLag = 0;
        while (true) {
            long now = System.nanoTime();
            if (now >= end) {
                break;
            }
            if (!measuring.get() && now >= warmEnd) {
                all.reset();
                byCommand.clear();
                measuring.set(true);
            }
            if (next - now > 0) {
                LockSupport.parkNanos(next - now);
                continue;
            }
            maxLag = Math.max(maxLag, now - next);
            int slot = (int) (i++ % specs.length);
            CallSpec spec = specs[slot];
            Pattern pattern = patterns[slot];
            inProgress.incrementAndGet();
            if (measuring.get()) {
                startedInWindow++;
            }
            callers.execute(() -> {
                try {
                    if (!check(sim.call(spec), pattern, "load")) {
                        errors.incrementAndGet();
                    }
                } catch (RuntimeException e) {
                    errors.incrementAndGet();
                } finally {
                    inProgress.decrementAndGet();
                }
            });
            next += interval;
        }
        measuring.set(false);
        LatencyHistogram.Snapshot s = all.snapshot();
        Map<String, LatencyHistogram.Snapshot> per = new TreeMap<>();
        byCommand.forEach((key, h) -> per.put(key, h.snapshot()));
        sampler.interrupt();
        sampler.join();
        // Let the calls in flight end (they count for errors), then a pause so steps do not overlap.
        long drainUntil = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (inProgress.get() > 0 && System.nanoTime() < drainUntil) {
            Thread.sleep(50);
        }
        callers.shutdown();
        callers.awaitTermination(5, TimeUnit.SECONDS);
        System.gc();
        Thread.sleep(2000);
        return new Point(server, rate, startedInWindow / (double) measure.toSeconds(), i, errors.get(),
                samples[0] == 0 ? 0 : (double) inProgressSum[0] / samples[0], maxInProgress[0], s.count(),
                s.percentileMicros(50), s.percentileMicros(99), s.percentileMicros(99.9), s.maxMicros(),
                maxLag / 1e6, per);
    }

    /** The command and its first argument (the prompt), not the digits read back: a handful of keys. */
    static String commandKey(String command) {
        if (command.startsWith("SAY DIGITS")) {
            return "SAY DIGITS";
        }
        int first = command.indexOf(' ', command.startsWith("STREAM") || command.startsWith("GET ")
                || command.startsWith("SET ") || command.startsWith("SAY ") ? command.indexOf(' ') + 1 : 0);
        if (first < 0) {
            return command;
        }
        int second = command.indexOf(' ', first + 1);
        return second < 0 ? command : command.substring(0, second);
    }

    /** asterisk-java with a script that only replays the recorded lines, choosing by the digits keyed. */
    static final class BareServer {
        final DefaultAgiServer server;
        final int port;

        private BareServer(DefaultAgiServer server, int port) {
            this.server = server;
            this.port = port;
        }

        static BareServer start(Templates templates, Set<String> ticketsWithRequest) throws Exception {
            // Which tickets already have a request: the one fact that changes the lines (the
            // closing prompt); a set lookup, no database.
            Set<String> withRequest = ConcurrentHashMap.newKeySet();
            withRequest.addAll(ticketsWithRequest);
            AgiScript script = new AgiScript() {
                @Override
                public void service(AgiRequest request, AgiChannel channel) {
                    AgiReply last = null;
                    for (String line : templates.prefix) {
                        last = send(channel, line);
                    }
                    String digits = last == null ? null : last.getResult();
                    if (digits == null) {
                        return;
                    }
                    List<String> tail = digits.equals(REFUSAL.number()) ? templates.refusalTail
                            : withRequest.add(digits) ? templates.firstTail : templates.addedTail;
                    for (String line : tail) {
                        send(channel, line.replace(Templates.NUMBER, digits));
                    }
                }
            };
            int port = freePort();
            SimpleMappingStrategy strategy = new SimpleMappingStrategy();
            strategy.setMappings(new HashMap<>(Map.of("support", script)));
            DefaultAgiServer server = new DefaultAgiServer(strategy);
            server.setAddress(InetAddress.getLoopbackAddress());
            server.setPort(port);
            // Same pool as ours (FastAgiListener: 10 core threads, ServerSettings.agiMaxCalls max).
            server.setPoolSize(10);
            server.setMaximumPoolSize(3000);
            Thread t = new Thread(() -> {
                try {
                    server.startup();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }, "bare-agi-accept");
            t.setDaemon(true);
            t.start();
            for (int i = 0; i < 100; i++) {
                try (java.net.Socket probe = new java.net.Socket(InetAddress.getLoopbackAddress(), port)) {
                    break;
                } catch (IOException notYet) {
                    Thread.sleep(50);
                }
            }
            return new BareServer(server, port);
        }

        private static AgiReply send(AgiChannel channel, String line) {
            try {
                return channel.sendCommand(new RawCommand(line));
            } catch (AgiException e) {
                // Past HANGUP asterisk-java reports the unsolicited HANGUP line; like ours, go on.
                return null;
            }
        }
    }

    /** Our server's lines for each kind of call, the request number replaced by a placeholder. */
    static final class Templates {
        static final String NUMBER = "{number}";
        final List<String> prefix;
        final List<String> firstTail;
        final List<String> addedTail;
        final List<String> refusalTail;

        Templates(List<String> first, List<String> added, List<String> refusal, String number) {
            // Every call starts the same way up to the GET DATA that reads the request number.
            int firstRead = 0;
            while (!added.get(firstRead).startsWith("GET DATA")) {
                firstRead++;
            }
            prefix = List.copyOf(added.subList(0, firstRead + 1));
            for (List<String> seq : List.of(first, added, refusal)) {
                if (!seq.subList(0, prefix.size()).equals(prefix)) {
                    throw new IllegalStateException("calls do not share a prefix: " + seq);
                }
            }
            List<String> firstT = tail(first, number);
            List<String> addedT = tail(added, number);
            // If 26000001 already had a request (an earlier run), derive the first-call lines.
            firstTail = firstT.equals(addedT)
                    ? addedT.stream().map(l -> l.replace("astreinte/message-ajoute", "astreinte/enregistre-fin")).toList()
                    : firstT;
            addedTail = addedT;
            refusalTail = tail(refusal, number);
        }

        private List<String> tail(List<String> seq, String number) {
            // asterisk-java itself ends every script with SET VARIABLE AJ_AGISTATUS: not ours to replay.
            return seq.subList(prefix.size(), seq.size()).stream()
                    .filter(l -> !l.startsWith("SET VARIABLE \"AJ_AGISTATUS\""))
                    .map(l -> l.replace(number, NUMBER)).toList();
        }
    }

    /** A command line sent as is. */
    static final class RawCommand extends AbstractAgiCommand {
        private static final long serialVersionUID = 1L;
        private final String line;

        RawCommand(String line) {
            this.line = line;
        }

        @Override
        public String buildCommand() {
            return line;
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    static void deleteQuietly(Path dir) {
        try (var walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | RuntimeException e) {
            System.err.println("could not delete " + dir + ": " + e);
        }
    }
}

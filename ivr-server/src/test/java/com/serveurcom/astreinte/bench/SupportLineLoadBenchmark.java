package com.serveurcom.astreinte.bench;

import com.serveurcom.astreinte.Astreinte;
import com.serveurcom.astreinte.call.SupportLine;
import com.serveurcom.astreinte.simulator.AsteriskSimulator;
import com.serveurcom.astreinte.simulator.SimulatedCallResult;
import com.serveurcom.astreinte.simulator.CallSpec;
import com.serveurcom.astreinte.simulator.LatencyHistogram;
import com.serveurcom.astreinte.simulator.SimulatorSettings;
import com.serveurcom.astreinte.simulator.ThinkTimeRecorder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;
import org.asteriskjava.fastagi.DefaultAgiServer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The support line under load over FastAGI: the whole server ({@link Astreinte} with the demo data
 * and embedded PostgreSQL) against a bare asterisk-java {@link DefaultAgiServer} script that sends
 * the very same command lines with no logic, same simulator settings. Each server runs in a JVM of
 * its own ({@link BenchServer}, started by {@link ServerProcess}), apart from this one, which runs
 * the simulator: its threads and GC pauses no longer count against the servers.
 *
 * <p>Open loop: a scheduler releases call starts at fixed intervals whatever the servers do, each
 * call on a thread of its own (the simulator blocks), media commands answered after 100 ms. For
 * each command the simulator measures the server's think time: from the end of its previous
 * answer (or header block) to the command line read (see {@code ThinkTimeRecorder}). Each rate
 * step warms up, then measures; the highest rate whose p99 stays under the target is reported
 * per server, and their ratio. Each step also reports the CPU used during its measured window per
 * call started, by the server's processes (its JVM and, for ours, PostgreSQL) and by this JVM.
 *
 * <p>Settings are system properties so that the same class runs as a plain main or as the JUnit
 * test below (tag {@code benchmark}, excluded by default): {@code bench.rates} (calls/s,
 * comma-separated), {@code bench.warmupSeconds}, {@code bench.seconds}, {@code bench.mediaMs},
 * {@code bench.targetP99Ms}, {@code bench.servers} ({@code ours,bare}), {@code bench.out} (a
 * Markdown file for the tables), {@code bench.config} (the config directory), {@code bench.tickets},
 * {@code bench.serverJvmArgs} (options of the servers' JVMs, blank-separated; {@code {server}}
 * becomes {@code ours} or {@code bare}, e.g.
 * {@code -XX:StartFlightRecording=filename=/tmp/{server}.jfr,settings=profile}), {@code bench.logDir}
 * (the servers' output, by default a new temp dir).
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
     * a queue on one row (see {@code bench.tickets=0}, which uses 26000001 and 26000006 only). The
     * default of 5 000 also bounds what the run does to each request: every call after the first on
     * a ticket appends its message to the open request, and with 500 tickets each request gained a
     * message a second, a row rewritten ever larger that no real line produces.
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
        int tickets = Integer.getInteger("bench.tickets", 5000);
        ServerProcess.Launch launch = ServerProcess.Launch.fromSystemProperties();
        System.out.println("servers' output: " + launch.logDir());
        CpuClock clock = CpuClock.detect();

        StringBuilder report = new StringBuilder();
        // Ours' call slots (ASTREINTE_AGI_MAX_CALLS): past them a call is refused at once and takes
        // the dialplan's fallback. 3000 never refuses at the rates measured here.
        int agiMaxCalls = Integer.getInteger("bench.agiMaxCalls", 3000);
        try (ServerProcess ours = ServerProcess.ours(launch, config, tickets, agiMaxCalls)) {
            int oursPort = ours.port();
            List<Pattern> mix = mix(tickets);
            // The bare script replays what our server says: a registration's lines on a ticket
            // without a request yet, on one that has one already ("message added"), and a refusal.
            // Recorded here on a ticket outside the mix so that those calls change nothing measured.
            AsteriskSimulator quick = new AsteriskSimulator(SimulatorSettings.defaults());
            Pattern sample = new Pattern("26000001", true);
            SimulatedCallResult first = quick.call(spec(oursPort, sample));
            SimulatedCallResult again = quick.call(spec(oursPort, sample));
            SimulatedCallResult refused = quick.call(spec(oursPort, REFUSAL));
            check(again, sample, "capture");
            check(refused, REFUSAL, "capture");
            Templates templates = Templates.fromCapture(first.commands(), again.commands(), refused.commands(),
                    sample.number());
            // 26000001 has a request now (the capture made it): the bare script must know it too.
            Path scriptFile = launch.logDir().resolve("bare-script.txt");
            new BareServer.Script(templates, REFUSAL.number(), Set.of(sample.number())).write(scriptFile);
            try (ServerProcess bare = ServerProcess.bare(launch, scriptFile)) {
                // The first call on 26000001 may have found a request left by an earlier step, so
                // check the bare script on the two outcomes it must reproduce exactly.
                for (Pattern p : List.of(sample, REFUSAL)) {
                    SimulatedCallResult b = quick.call(spec(bare.port(), p));
                    SimulatedCallResult o = quick.call(spec(oursPort, p));
                    if (!b.commands().equals(o.commands())) {
                        throw new IllegalStateException("bare script differs from ours for " + p.keys() + ":\n"
                                + b.commands() + "\n" + o.commands());
                    }
                }
                System.out.println("command sequence (registration): " + String.join(" | ", again.commands()));
                report.append("Command sequence of a registration call (").append(again.commands().size())
                        .append(" commands, identical for both servers):\n\n```\n")
                        .append(String.join("\n", again.commands())).append("\n```\n\n");
                Map<String, ServerProcess> processes = Map.of("ours", ours, "bare", bare);
                runSteps(report, rates, servers, processes, clock, warmup, measure, media, targetP99Micros, mix);
            }
        }
        System.out.println();
        System.out.println(report);
        String out = System.getProperty("bench.out");
        if (out != null) {
            Files.writeString(Path.of(out), report.toString());
        }
    }

    private static void runSteps(StringBuilder report, double[] rates, List<String> servers,
                                 Map<String, ServerProcess> processes, CpuClock clock, Duration warmup,
                                 Duration measure, Duration media, double targetP99Micros, List<Pattern> mix)
            throws InterruptedException {
        Map<String, List<Point>> results = new LinkedHashMap<>();
        servers.forEach(s -> results.put(s, new ArrayList<>()));
        for (double rate : rates) {
            for (String s : servers) {
                // Past two collapsed steps (failed calls, or p99 over a second) a server only gets
                // worse; skip to save the shared box. A p99 just over target is often noise: go on.
                List<Point> done = results.get(s);
                long failures = done.stream().filter(pt -> pt.errors() > 0 || pt.p99() > 1_000_000).count();
                if (failures >= 2) {
                    continue;
                }
                ServerProcess underTest = processes.get(s);
                List<ServerProcess> others = processes.values().stream().filter(p -> p != underTest).toList();
                Point pt = runPoint(s, underTest.port(), rate, warmup, measure, media, mix,
                        () -> CpuReading.take(clock, underTest, others));
                done.add(pt);
                System.out.println(pt.line());
                System.out.println(pt.byCommandTable());
                System.out.flush();
            }
        }

        report.append(String.format(Locale.ROOT,
                "Each step: %d s warm-up, %d s measured, media answered after %d ms, target p99 < %.1f ms. "
                        + "Each server in a JVM of its own, the simulator in another; CPU per call started in "
                        + "the measured window (server: its JVM and PostgreSQL's processes).%n%n",
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
        report.append("\n\nCalls refused at once (server closed before any command, dialplan fallback): ");
        for (String s : servers) {
            results.get(s).forEach(pt -> report.append(String.format(Locale.ROOT,
                    "%s at %.0f: %d refused of %d started, time to refusal p99 %s max %s; ", s, pt.rate(),
                    pt.refused(), pt.calls(), Point.ms(pt.refusalP99()), Point.ms(pt.refusalMax()))));
        }
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
    }

    static CallSpec spec(int port, Pattern p) {
        return CallSpec.builder("127.0.0.1", port).script(SCRIPT).callerId(CALLER, "Client").keys(p.keys()).build();
    }

    /**
     * A call our server refused because every call slot was taken: closed before its first
     * command, so the caller heard nothing from us and the dialplan's fallback took the call.
     * Anything else that is not the expected outcome is a failed call.
     */
    static boolean refusedAtOnce(SimulatedCallResult r) {
        return r.commands().isEmpty() && r.tookFallback();
    }

    static boolean check(SimulatedCallResult r, Pattern p, String when) {
        boolean ok = r.closedPromptly() && p.expected().equals(r.variablesSet().get(SupportLine.OUTCOME_VARIABLE));
        if (!ok && when.equals("capture")) {
            throw new IllegalStateException("unexpected call at " + when + ": " + r.end() + " "
                    + r.variablesSet() + "\n" + r.printTranscript());
        }
        return ok;
    }

    /**
     * CPU time used so far: by the server under test (its JVM and PostgreSQL's processes), by the
     * other server (idle meanwhile), by this JVM (the simulator), by the whole machine.
     */
    record CpuReading(long serverNanos, long otherServersNanos, long simulatorNanos, long machineBusyNanos,
                      long machineTotalNanos) {
        static CpuReading take(CpuClock clock, ServerProcess underTest, List<ServerProcess> others) {
            long server = underTest.cpuNanos(clock);
            long other = others.stream().mapToLong(p -> p.cpuNanos(clock)).sum();
            CpuClock.Machine machine = clock.machine();
            return new CpuReading(server, other, CpuClock.selfNanos(), machine.busyNanos(), machine.totalNanos());
        }

        CpuReading since(CpuReading start) {
            return new CpuReading(serverNanos - start.serverNanos, otherServersNanos - start.otherServersNanos,
                    simulatorNanos - start.simulatorNanos, machineBusyNanos - start.machineBusyNanos,
                    machineTotalNanos - start.machineTotalNanos);
        }

        /** What the machine did besides the two servers and the simulator: other builds, the OS. */
        long restNanos() {
            return machineBusyNanos - serverNanos - otherServersNanos - simulatorNanos;
        }
    }

    /** One rate step for one server. Times in µs; cpu over the measured window, when callsInWindow started. */
    record Point(String server, double rate, double achievedRate, long calls, long errors, long refused,
                 long refusalP99, long refusalMax, double meanInProgress,
                 int maxInProgress, long commands, long p50, long p99, long p999, long max, double schedulerLagMs,
                 Map<String, LatencyHistogram.Snapshot> byCommand, long callsInWindow, CpuReading cpu) {
        static final String HEADER = "| server | rate asked (calls/s) | calls started/s | calls in progress (mean / max) "
                + "| commands measured | p50 | p99 | p99.9 | max | failed calls | refused calls | server CPU ms per call "
                + "| simulator CPU ms per call |\n|---|---|---|---|---|---|---|---|---|---|---|---|---|\n";

        String row() {
            return String.format(Locale.ROOT, "| %s | %.0f | %.0f | %.0f / %d | %d | %s | %s | %s | %s | %d | %d | %.2f | %.2f |%n",
                    server, rate, achievedRate, meanInProgress, maxInProgress, commands, ms(p50), ms(p99), ms(p999),
                    ms(max), errors, refused, perCall(cpu.serverNanos()), perCall(cpu.simulatorNanos()));
        }

        String line() {
            return String.format(Locale.ROOT,
                    "%-4s rate %5.0f/s: started %6.1f/s, in progress %6.0f (max %d), %d cmds, think p50 %s p99 %s p99.9 %s"
                            + " max %s, failed %d, refused %d (time to refusal p99 %s), scheduler lag max %.1f ms;"
                            + " CPU ms per call: server %.2f, simulator %.2f,"
                            + " idle server %.2f, rest of machine %.2f (machine %.0f%% busy)",
                    server, rate, achievedRate, meanInProgress, maxInProgress, commands, ms(p50), ms(p99), ms(p999),
                    ms(max), errors, refused, ms(refusalP99), schedulerLagMs, perCall(cpu.serverNanos()),
                    perCall(cpu.simulatorNanos()),
                    perCall(cpu.otherServersNanos()), perCall(cpu.restNanos()),
                    cpu.machineTotalNanos() == 0 ? 0 : 100.0 * cpu.machineBusyNanos() / cpu.machineTotalNanos());
        }

        private double perCall(long nanos) {
            return callsInWindow == 0 ? 0 : nanos / 1e6 / callsInWindow;
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
                          List<Pattern> mix, Supplier<CpuReading> cpu) throws InterruptedException {
        LatencyHistogram all = new LatencyHistogram();
        Map<String, LatencyHistogram> byCommand = new ConcurrentHashMap<>();
        AtomicBoolean measuring = new AtomicBoolean();
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
        AtomicLong refused = new AtomicLong();
        // From the header block written to the server's close, for calls refused at once.
        LatencyHistogram refusals = new LatencyHistogram();
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
        // Read on a thread of its own: walking /proc must not delay the next call starts.
        FutureTask<CpuReading> cpuAtWindowStart = new FutureTask<>(cpu::get);
        Thread cpuReader = null;
        while (true) {
            long now = System.nanoTime();
            if (now >= end) {
                break;
            }
            if (!measuring.get() && now >= warmEnd) {
                all.reset();
                byCommand.clear();
                measuring.set(true);
                cpuReader = new Thread(cpuAtWindowStart, "bench-cpu-reading");
                cpuReader.setDaemon(true);
                cpuReader.start();
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
                    SimulatedCallResult r = sim.call(spec);
                    if (refusedAtOnce(r)) {
                        refused.incrementAndGet();
                        refusals.recordNanos(r.closeDelay().toNanos());
                    } else if (!check(r, pattern, "load")) {
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
        CpuReading cpuAtEnd = cpu.get();
        CpuReading cpuUsed = cpuAtEnd.since(cpuReader == null ? cpuAtEnd : cpuReading(cpuAtWindowStart));
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
        LatencyHistogram.Snapshot refusalTimes = refusals.snapshot();
        return new Point(server, rate, startedInWindow / (double) measure.toSeconds(), i, errors.get(), refused.get(),
                refusalTimes.count() == 0 ? 0 : refusalTimes.percentileMicros(99), refusalTimes.maxMicros(),
                samples[0] == 0 ? 0 : (double) inProgressSum[0] / samples[0], maxInProgress[0], s.count(),
                s.percentileMicros(50), s.percentileMicros(99), s.percentileMicros(99.9), s.maxMicros(),
                maxLag / 1e6, per, startedInWindow, cpuUsed);
    }

    private static CpuReading cpuReading(FutureTask<CpuReading> reading) throws InterruptedException {
        try {
            return reading.get();
        } catch (ExecutionException e) {
            throw new IllegalStateException("could not read the CPU used", e.getCause());
        }
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

    static void deleteQuietly(Path dir) {
        try (var walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | RuntimeException e) {
            System.err.println("could not delete " + dir + ": " + e);
        }
    }
}

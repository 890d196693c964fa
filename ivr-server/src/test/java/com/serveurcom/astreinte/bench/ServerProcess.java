package com.serveurcom.astreinte.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A {@link BenchServer} in a child JVM, seen from the driver: started with this JVM's java and
 * classpath, its output in a log file, stopped for sure. Stopping closes its stdin (it closes
 * itself), then SIGTERM, then SIGKILL; a shutdown hook does the same if the driver is stopped
 * first, and the child also closes itself when its stdin ends because the driver died.
 */
final class ServerProcess implements AutoCloseable {
    /** Our close stops PostgreSQL and drains the calls: give it time before signals. */
    private static final Duration CLOSE_GRACE = Duration.ofSeconds(20);
    private static final Duration SIGNAL_GRACE = Duration.ofSeconds(5);
    private static final Pattern READY = Pattern.compile(Pattern.quote(BenchServer.READY) + "(\\d+)\\r?\\n");

    /** How children are launched: extra JVM options ({@code {server}} becomes the server's name), where logs go. */
    record Launch(List<String> jvmArgs, Path logDir, Duration readyTimeout) {
        Launch {
            jvmArgs = List.copyOf(jvmArgs);
        }

        /** {@code bench.serverJvmArgs}, split on blanks; {@code bench.logDir}, else a new temp dir. */
        static Launch fromSystemProperties() throws IOException {
            String args = System.getProperty("bench.serverJvmArgs", "").trim();
            String dir = System.getProperty("bench.logDir");
            Path logDir = dir == null ? Files.createTempDirectory("agibench-logs-") : Files.createDirectories(Path.of(dir));
            return new Launch(args.isEmpty() ? List.of() : List.of(args.split("\\s+")), logDir.toAbsolutePath(),
                    Duration.ofMinutes(3));
        }
    }

    private final String name;
    private final Process process;
    private final Path log;
    private final Path dataDir;
    private final Thread killOnExit;
    private int port;
    private ProcessHandle postmaster;
    private boolean stopped;

    private ServerProcess(String name, Process process, Path log, Path dataDir) {
        this.name = name;
        this.process = process;
        this.log = log;
        this.dataDir = dataDir;
        this.killOnExit = new Thread(() -> stop(Duration.ZERO), "kill-bench-server-" + name);
    }

    /** Our server: demo data, the benchmark's tickets, embedded PostgreSQL in a fresh temp dir. */
    static ServerProcess ours(Launch launch, Path config, int tickets, int agiMaxCalls)
            throws IOException, InterruptedException {
        Path data = Files.createTempDirectory("agibench-");
        return start("ours", List.of("ours", config.toString(), data.toString(), Integer.toString(tickets),
                Integer.toString(agiMaxCalls)), data, launch);
    }

    static ServerProcess bare(Launch launch, Path scriptFile) throws IOException, InterruptedException {
        return start("bare", List.of("bare", scriptFile.toAbsolutePath().toString()), null, launch);
    }

    private static ServerProcess start(String name, List<String> serverArgs, Path dataDir, Launch launch)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        // Surefire sets the test JVM's time zone; the server must judge times the same way.
        Optional.ofNullable(System.getProperty("user.timezone")).filter(tz -> !tz.isEmpty())
                .ifPresent(tz -> command.add("-Duser.timezone=" + tz));
        // After ours, so that the user's options win.
        launch.jvmArgs().forEach(a -> command.add(a.replace("{server}", name)));
        // Surefire's fork sets this to the full test classpath even when it boots from a
        // manifest-only jar; were it that jar, java would follow its Class-Path all the same.
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(BenchServer.class.getName());
        command.addAll(serverArgs);
        Path log = launch.logDir().resolve(name + ".log");
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.to(log.toFile())).start();
        ServerProcess server = new ServerProcess(name, process, log, dataDir);
        Runtime.getRuntime().addShutdownHook(server.killOnExit);
        try {
            server.port = server.awaitReady(launch.readyTimeout());
            return server;
        } catch (IOException | InterruptedException | RuntimeException e) {
            server.close();
            throw e;
        }
    }

    private int awaitReady(Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            // The whole file each time: the line may come after pages of startup logging.
            Matcher m = READY.matcher(Files.readString(log, StandardCharsets.UTF_8));
            if (m.find()) {
                return Integer.parseInt(m.group(1));
            }
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " server exited with code " + process.exitValue()
                        + " before it was ready; its log, " + log + ", ends:\n" + tail());
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(name + " server not ready after " + timeout + "; its log, " + log
                        + ", ends:\n" + tail());
            }
            Thread.sleep(50);
        }
    }

    String name() {
        return name;
    }

    int port() {
        return port;
    }

    Path log() {
        return log;
    }

    ProcessHandle handle() {
        return process.toHandle();
    }

    /** The child's exit code: 0 when it closed itself, 143 or 137 when a signal ended it. */
    int exitValue() {
        return process.exitValue();
    }

    /** CPU used so far by the child JVM, its descendants and PostgreSQL's processes. */
    long cpuNanos(CpuClock clock) {
        List<ProcessHandle> roots = new ArrayList<>();
        roots.add(process.toHandle());
        postmaster().ifPresent(roots::add);
        return clock.treeNanos(roots);
    }

    /**
     * PostgreSQL's postmaster is started through pg_ctl, which exits at once: the postmaster is no
     * descendant of the child JVM, so it is found from its pid file.
     */
    synchronized Optional<ProcessHandle> postmaster() {
        if (postmaster == null && dataDir != null) {
            Path pidFile = dataDir.resolve("postgres").resolve("postmaster.pid");
            try {
                List<String> lines = Files.readAllLines(pidFile, StandardCharsets.US_ASCII);
                postmaster = ProcessHandle.of(Long.parseLong(lines.get(0).trim())).orElse(null);
            } catch (IOException | RuntimeException notThere) {
                // No database (yet): nothing to count or kill.
            }
        }
        return Optional.ofNullable(postmaster);
    }

    @Override
    public void close() {
        stop(CLOSE_GRACE);
        try {
            Runtime.getRuntime().removeShutdownHook(killOnExit);
        } catch (IllegalStateException shuttingDown) {
            // The hook is running or about to: it finds the work done.
        }
    }

    private synchronized void stop(Duration closeGrace) {
        if (stopped) {
            return;
        }
        stopped = true;
        // Looked up before the child ends: its close deletes the pid file, a kill leaves these running.
        List<ProcessHandle> leftBehind = new ArrayList<>(process.descendants().toList());
        postmaster().ifPresent(leftBehind::add);
        try {
            try {
                process.getOutputStream().close();
            } catch (IOException alreadyGone) {
                // Then it has ended, or the signals below end it.
            }
            if (!process.waitFor(closeGrace.toMillis(), TimeUnit.MILLISECONDS)) {
                if (!closeGrace.isZero()) {
                    System.err.println(name + " server still running " + closeGrace.toSeconds()
                            + " s after its stdin closed: SIGTERM");
                }
                process.destroy();
                if (!process.waitFor(SIGNAL_GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
                    process.destroyForcibly();
                    process.waitFor(SIGNAL_GRACE.toMillis(), TimeUnit.MILLISECONDS);
                }
            }
            for (ProcessHandle p : leftBehind) {
                // pg_ctl stop returns once the pid file is gone, a moment before the postmaster exits.
                if (!awaitExit(p, SIGNAL_GRACE)) {
                    System.err.println(name + " server left process " + p.pid() + " " + p.info().command().orElse("")
                            + " running: stopping it");
                    p.destroy();
                    if (!awaitExit(p, SIGNAL_GRACE)) {
                        p.destroyForcibly();
                    }
                }
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            leftBehind.forEach(ProcessHandle::destroyForcibly);
            Thread.currentThread().interrupt();
        }
        if (dataDir != null && Files.exists(dataDir)) {
            SupportLineLoadBenchmark.deleteQuietly(dataDir);
        }
    }

    /** Polls: onExit of a process that is not our child is no quicker. */
    private static boolean awaitExit(ProcessHandle p, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (p.isAlive()) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(20);
        }
        return true;
    }

    private String tail() {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(unreadable: " + e + ")";
        }
    }
}

package com.serveurcom.astreinte.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * CPU time spent so far, from Linux's /proc: by process trees (a server's JVM and its PostgreSQL),
 * by this JVM, by the whole machine. Differences of two readings tell where the cores went.
 */
final class CpuClock {
    private final long nanosPerTick;

    private CpuClock(long ticksPerSecond) {
        this.nanosPerTick = TimeUnit.SECONDS.toNanos(1) / ticksPerSecond;
    }

    /** /proc counts in clock ticks; {@code getconf CLK_TCK} says how many a second (nearly always 100). */
    static CpuClock detect() {
        try {
            Process p = new ProcessBuilder("getconf", "CLK_TCK").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).trim();
            if (p.waitFor(5, TimeUnit.SECONDS) && p.exitValue() == 0) {
                return new CpuClock(Long.parseLong(out));
            }
        } catch (IOException | NumberFormatException e) {
            // Fall back on the usual value below.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return new CpuClock(100);
    }

    /**
     * User and system time of the roots and all their descendants, each with the time of its
     * children already reaped: a process that ends between two readings moves its time into its
     * parent's count instead of losing it. Zero off Linux.
     */
    long treeNanos(Collection<ProcessHandle> roots) {
        Set<Long> pids = new LinkedHashSet<>();
        for (ProcessHandle root : roots) {
            if (root.isAlive()) {
                pids.add(root.pid());
                root.descendants().forEach(d -> pids.add(d.pid()));
            }
        }
        long ticks = 0;
        for (long pid : pids) {
            ticks += ticks(pid);
        }
        return ticks * nanosPerTick;
    }

    /** This JVM: the simulator when it drives the load. */
    static long selfNanos() {
        var os = ManagementFactory.getOperatingSystemMXBean();
        if (os instanceof com.sun.management.OperatingSystemMXBean sun) {
            return Math.max(0, sun.getProcessCpuTime());
        }
        return 0;
    }

    /** Busy and total time of all the machine's cores, from the first line of /proc/stat. */
    Machine machine() {
        try {
            String cpu = Files.readAllLines(Path.of("/proc/stat"), StandardCharsets.US_ASCII).get(0);
            String[] f = cpu.trim().split("\\s+");
            // cpu user nice system idle iowait irq softirq steal (guest time is inside user already).
            long busy = 0;
            for (int i : new int[] {1, 2, 3, 6, 7, 8}) {
                busy += i < f.length ? Long.parseLong(f[i]) : 0;
            }
            long idle = Long.parseLong(f[4]) + Long.parseLong(f[5]);
            return new Machine(busy * nanosPerTick, (busy + idle) * nanosPerTick);
        } catch (IOException | RuntimeException e) {
            return new Machine(0, 0);
        }
    }

    record Machine(long busyNanos, long totalNanos) {
    }

    /** utime + stime + cutime + cstime of one process, in ticks; 0 once it is gone. */
    private static long ticks(long pid) {
        String stat;
        try {
            stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"), StandardCharsets.US_ASCII);
        } catch (IOException e) {
            return 0;
        }
        // The command name (field 2) is in parentheses and may hold spaces: count from the last ')'.
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        // f[0] is field 3 (state); utime, stime, cutime, cstime are fields 14 to 17.
        return Long.parseLong(f[11]) + Long.parseLong(f[12]) + Long.parseLong(f[13]) + Long.parseLong(f[14]);
    }
}

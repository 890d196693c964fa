package com.serveurcom.astreinte.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.serveurcom.astreinte.testing.TestDatabase;
import com.serveurcom.astreinte.testing.TestSla;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code GET /api/tickets/{n}/eligibility} over one million tickets, through the real Netty server
 * and keep-alive HTTP/1.1 on plain sockets (the lightest client, so the two cores go to the server
 * and PostgreSQL): (a) open loop at a steady 1000 requests/s, latency measured from each request's
 * scheduled instant, so a stall delays the following requests' figures too (no coordinated
 * omission); (b) the highest throughput with 32 concurrent closed-loop clients. See
 * docs/benchmarks.md. Run with {@code mvn -B -q -o -pl ticket-core,ivr-server -am test
 * -Dastreinte.excludedGroups=none -Dgroups=benchmark -Dtest=EligibilityApiBenchmark
 * -Dsurefire.failIfNoSpecifiedTests=false}.
 */
@Tag("benchmark")
class EligibilityApiBenchmark {
  @RegisterExtension static final TestDatabase db = new TestDatabase();
  private static final int TICKETS = 1_000_000;
  private static final int RATE = 1000;
  private static final int OPEN_LOOP_SECONDS = Integer.getInteger("bench.seconds", 20);
  private static final int OPEN_LOOP_CONNECTIONS = 8;
  private static final int CLIENTS = 32;
  private static final int THROUGHPUT_SECONDS = 10;
  private static final int WORKERS = Integer.getInteger("bench.workers", 8);
  private static final int WARMUP = Integer.getInteger("bench.warmup", 200_000);

  @Test
  void eligibilityOverHttp() throws Exception {
    var dsl = db.database().dsl();
    dsl.execute("insert into account (name, oncall_option, oncall_services) values ('Bench', true, '{technical}')");
    dsl.execute("insert into account_phone (account_id, phone) select id, '+33612345678' from account");
    long t0 = System.nanoTime();
    dsl.execute("""
        insert into ticket (number, account_id, service, priority, status, subject, contact_name, contact_phone,
                            opened_at, take_charge_by, resolve_by, next_deadline, updated_at)
        select (20000000 + i)::text, (select id from account), 'technical',
               (array['low','medium','high'])[1 + i % 3], (array['new','in_progress','resolved'])[1 + i % 3],
               'Sujet', 'Contact', '+33612345678', now(), now(), now(), now(), now()
        from generate_series(1, ?) as i""", TICKETS);
    dsl.execute("vacuum analyze");
    dsl.execute("checkpoint"); // write the bulk insert's dirty pages now, not during the measurement
    System.out.printf("inserted %d tickets in %d ms%n", TICKETS, (System.nanoTime() - t0) / 1_000_000);

    try (TestApiServer api = new TestApiServer(db.database(), TestSla.TWENTY_FOUR_SEVEN, Clock.systemUTC(), 64 * 1024,
        WORKERS)) {
      URI base = URI.create(api.base);
      long w0 = System.nanoTime();
      // Warm-up: JIT of the whole path (Netty, router, jOOQ, Jackson), pooled connections, index pages.
      closedLoop(base, 8, WARMUP);
      System.out.printf("warm-up: %d requests in %d ms%n", WARMUP, (System.nanoTime() - w0) / 1_000_000);
      openLoop(base);
      throughput(base);
    }
    assertThat(openLoopP99).as("open-loop p99 (ms)").isLessThan(2.0);
  }

  private void openLoop(URI base) throws Exception {
    int n = RATE * OPEN_LOOP_SECONDS;
    long[] latencies = new long[n];
    BlockingQueue<long[]> due = new ArrayBlockingQueue<>(n); // {index, scheduled nanoTime}
    CountDownLatch done = new CountDownLatch(n);
    AtomicLong errors = new AtomicLong();
    List<Thread> senders = new ArrayList<>();
    for (int c = 0; c < OPEN_LOOP_CONNECTIONS; c++) {
      Thread t = new Thread(() -> {
        try (Connection conn = new Connection(base)) {
          while (true) {
            long[] job = due.take();
            if (job[0] < 0) {
              return;
            }
            if (!conn.eligibility(number())) {
              errors.incrementAndGet();
            }
            latencies[(int) job[0]] = System.nanoTime() - job[1];
            done.countDown();
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        } catch (IOException e) {
          throw new IllegalStateException(e);
        }
      }, "open-loop-" + c);
      t.start();
      senders.add(t);
    }
    CpuShare cpu = CpuShare.start();
    long start = System.nanoTime() + 10_000_000;
    long interval = 1_000_000_000L / RATE;
    for (int i = 0; i < n; i++) {
      long at = start + i * interval;
      long wait = at - System.nanoTime();
      if (wait > 0) {
        LockSupport.parkNanos(wait); // sleep, do not spin: two cores for client, server and database
      }
      due.put(new long[] {i, at});
    }
    done.await();
    String cpuLine = cpu.stop();
    for (int c = 0; c < senders.size(); c++) {
      due.put(new long[] {-1, 0});
    }
    // Per-second worst case, to tell a warm-up tail from periodic stalls (GC, checkpoints, other builds).
    StringBuilder perSecond = new StringBuilder();
    for (int sec = 0; sec < OPEN_LOOP_SECONDS; sec++) {
      long worst = 0;
      for (int i = sec * RATE; i < (sec + 1) * RATE; i++) {
        worst = Math.max(worst, latencies[i]);
      }
      perSecond.append(String.format(" %.1f", worst / 1e6));
    }
    System.out.println("open loop, worst latency of each second (ms):" + perSecond);
    System.out.println("open loop, " + cpuLine);
    Arrays.sort(latencies);
    double p50 = latencies[n / 2] / 1e6;
    double p99 = latencies[(int) (n * 0.99)] / 1e6;
    double p999 = latencies[(int) (n * 0.999)] / 1e6;
    double max = latencies[n - 1] / 1e6;
    System.out.printf("open loop %d/s for %d s over %d tickets, %d HTTP workers: p50 %.3f ms, p99 %.3f ms,"
        + " p99.9 %.3f ms, max %.3f ms, errors %d%n", RATE, OPEN_LOOP_SECONDS, TICKETS, WORKERS, p50, p99, p999, max,
        errors.get());
    assertThat(errors.get()).isZero();
    openLoopP99 = p99;
  }

  private double openLoopP99;

  private void throughput(URI base) throws Exception {
    closedLoop(base, CLIENTS, 5_000); // ramp-up of the 32 connections
    CpuShare cpu = CpuShare.start();
    long[] counts = new long[CLIENTS];
    long[][] samples = new long[CLIENTS][];
    long end = System.nanoTime() + THROUGHPUT_SECONDS * 1_000_000_000L;
    List<Thread> threads = new ArrayList<>();
    for (int c = 0; c < CLIENTS; c++) {
      int id = c;
      Thread t = new Thread(() -> {
        long[] lat = new long[200_000];
        int k = 0;
        try (Connection conn = new Connection(base)) {
          long now;
          while ((now = System.nanoTime()) < end) {
            if (!conn.eligibility(number())) {
              throw new IllegalStateException("non-200 answer");
            }
            if (k < lat.length) {
              lat[k++] = System.nanoTime() - now;
            }
          }
        } catch (IOException e) {
          throw new IllegalStateException(e);
        }
        counts[id] = k;
        samples[id] = Arrays.copyOf(lat, k);
      });
      t.start();
      threads.add(t);
    }
    for (Thread t : threads) {
      t.join();
    }
    System.out.println("closed loop, " + cpu.stop());
    long total = Arrays.stream(counts).sum();
    long[] all = Arrays.stream(samples).flatMapToLong(Arrays::stream).sorted().toArray();
    System.out.printf("closed loop, %d clients for %d s, %d HTTP workers: %.0f requests/s, p50 %.3f ms, p99 %.3f ms%n",
        CLIENTS, THROUGHPUT_SECONDS, WORKERS, total / (double) THROUGHPUT_SECONDS, all[all.length / 2] / 1e6,
        all[(int) (all.length * 0.99)] / 1e6);
  }

  private static void closedLoop(URI base, int clients, int requestsPerClient) throws Exception {
    List<Thread> threads = new ArrayList<>();
    for (int c = 0; c < clients; c++) {
      Thread t = new Thread(() -> {
        try (Connection conn = new Connection(base)) {
          for (int i = 0; i < requestsPerClient / clients + 1; i++) {
            conn.eligibility(number());
          }
        } catch (IOException e) {
          throw new IllegalStateException(e);
        }
      });
      t.start();
      threads.add(t);
    }
    for (Thread t : threads) {
      t.join();
    }
  }

  private static String number() {
    return Integer.toString(20000000 + 1 + ThreadLocalRandom.current().nextInt(TICKETS));
  }

  /**
   * How busy the machine was during a phase, and how much of it was this JVM (client and server):
   * the rest is PostgreSQL and whatever else runs on the box (other builds), which is what makes
   * the tail of a 2-core machine.
   */
  private record CpuShare(long[] machine, long jvmNanos, long wallNanos) {
    static CpuShare start() {
      return new CpuShare(procStat(), jvmCpu(), System.nanoTime());
    }

    String stop() {
      long[] now = procStat();
      double wall = (System.nanoTime() - wallNanos) / 1e9;
      long busy = (now[0] - machine[0]);
      long total = (now[1] - machine[1]);
      double cores = Runtime.getRuntime().availableProcessors();
      double machineCores = total == 0 ? 0 : cores * busy / (double) total;
      double jvmCores = (jvmCpu() - jvmNanos) / 1e9 / wall;
      return String.format("CPU: machine %.2f of %.0f cores busy, this JVM %.2f, PostgreSQL and other processes %.2f",
          machineCores, cores, jvmCores, Math.max(0, machineCores - jvmCores));
    }

    private static long jvmCpu() {
      return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
          .getOperatingSystemMXBean()).getProcessCpuTime();
    }

    /** {busy, total} jiffies from the first line of /proc/stat, zeros where there is none. */
    private static long[] procStat() {
      try {
        String[] f = java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/stat")).get(0).trim().split("\\s+");
        long total = 0;
        for (int i = 1; i < f.length; i++) {
          total += Long.parseLong(f[i]);
        }
        long idle = Long.parseLong(f[4]) + Long.parseLong(f[5]);
        return new long[] {total - idle, total};
      } catch (IOException | RuntimeException e) {
        return new long[] {0, 0};
      }
    }
  }

  /** One keep-alive HTTP/1.1 connection: writes a GET, reads the status line, headers and Content-Length body. */
  private static final class Connection implements AutoCloseable {
    private final Socket socket;
    private final OutputStream out;
    private final InputStream in;
    private final String host;

    Connection(URI base) throws IOException {
      socket = new Socket(base.getHost(), base.getPort());
      socket.setTcpNoDelay(true);
      out = socket.getOutputStream();
      in = new BufferedInputStream(socket.getInputStream(), 8192);
      host = base.getHost() + ":" + base.getPort();
    }

    /** True for a 200 with an eligibility body. */
    boolean eligibility(String number) throws IOException {
      out.write(("GET /api/tickets/" + number + "/eligibility?caller=%2B33612345678 HTTP/1.1\r\nHost: " + host
          + "\r\nAuthorization: Bearer " + TestApiServer.TOKEN + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
      out.flush();
      String status = line();
      int length = -1;
      String h;
      while (!(h = line()).isEmpty()) {
        if (h.regionMatches(true, 0, "content-length:", 0, 15)) {
          length = Integer.parseInt(h.substring(15).trim());
        }
      }
      byte[] body = in.readNBytes(length);
      return status.startsWith("HTTP/1.1 200") && new String(body, StandardCharsets.UTF_8).contains("\"eligible\"");
    }

    private String line() throws IOException {
      StringBuilder sb = new StringBuilder(64);
      int c;
      while ((c = in.read()) != '\n') {
        if (c < 0) {
          throw new IOException("connection closed by the server");
        }
        if (c != '\r') {
          sb.append((char) c);
        }
      }
      return sb.toString();
    }

    @Override
    public void close() throws IOException {
      socket.close();
    }
  }
}

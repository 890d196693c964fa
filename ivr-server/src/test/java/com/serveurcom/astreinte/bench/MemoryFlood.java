package com.serveurcom.astreinte.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Floods a running server (HTTP and FastAGI) and follows its resident memory: the figures of
 * docs/reliability.md ("memory comes back"). JDK only, run from the source file:
 *
 * <pre>
 * java ivr-server/src/test/java/com/serveurcom/astreinte/bench/MemoryFlood.java PID HTTP_PORT AGI_PORT [AFTER_SECONDS [LINE_KB]]
 * </pre>
 *
 * <p>PID is the server's JVM. Prints the RSS before, at its peak during the flood, and every 10 s
 * after it for AFTER_SECONDS (default 180). The flood: 4 rounds of 2 000 simultaneous HTTP
 * connections each posting a 60 KB body; 1 500 FastAGI sockets that send nothing, held 20 s;
 * 300 FastAGI sockets each sending a header line of LINE_KB (default 1 024 KB).
 */
public final class MemoryFlood {
  private MemoryFlood() {}

  public static void main(String[] args) throws Exception {
    long pid = Long.parseLong(args[0]);
    int http = Integer.parseInt(args[1]);
    int agi = Integer.parseInt(args[2]);
    int after = args.length > 3 ? Integer.parseInt(args[3]) : 180;
    int lineKb = args.length > 4 ? Integer.parseInt(args[4]) : 1024;
    long before = rssKb(pid);
    System.out.printf("baseline RSS %d MB%n", before / 1024);
    long[] peak = {before};
    Thread sampler = new Thread(() -> {
      while (!Thread.currentThread().isInterrupted()) {
        peak[0] = Math.max(peak[0], rssKb(pid));
        try {
          Thread.sleep(200);
        } catch (InterruptedException e) {
          return;
        }
      }
    });
    sampler.setDaemon(true);
    sampler.start();

    byte[] body = ("{\"name\":\"" + "x".repeat(60_000) + "\"}").getBytes(StandardCharsets.US_ASCII);
    for (int round = 0; round < 4; round++) {
      AtomicInteger ok = new AtomicInteger();
      AtomicInteger failed = new AtomicInteger();
      parallel(2000, () -> {
        try (Socket s = new Socket()) {
          s.connect(new InetSocketAddress("127.0.0.1", http), 10_000);
          s.setSoTimeout(30_000);
          OutputStream out = s.getOutputStream();
          out.write(("POST /api/accounts HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Type: application/json\r\n"
              + "Authorization: Bearer wrong\r\nContent-Length: " + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
          out.write(body);
          out.flush();
          drain(s.getInputStream());
          ok.incrementAndGet();
        } catch (IOException e) {
          failed.incrementAndGet();
        }
      });
      System.out.printf("HTTP round %d: %d answered, %d failed%n", round + 1, ok.get(), failed.get());
    }

    List<Socket> silent = new ArrayList<>();
    for (int i = 0; i < 1500; i++) {
      try {
        Socket s = new Socket();
        s.connect(new InetSocketAddress("127.0.0.1", agi), 10_000);
        silent.add(s);
      } catch (IOException e) {
        break;
      }
    }
    System.out.printf("FastAGI: %d silent sockets held%n", silent.size());
    Thread.sleep(20_000);
    for (Socket s : silent) {
      s.close();
    }
    byte[] line = ("agi_callerid: " + "7".repeat(lineKb * 1024) + "\n").getBytes(StandardCharsets.US_ASCII);
    AtomicInteger sent = new AtomicInteger();
    parallel(300, () -> {
      try (Socket s = new Socket()) {
        s.connect(new InetSocketAddress("127.0.0.1", agi), 10_000);
        s.setSoTimeout(10_000);
        s.getOutputStream().write(line);
        s.getOutputStream().write("agi_network_script: support\n\n".getBytes(StandardCharsets.US_ASCII));
        s.getOutputStream().flush();
        sent.incrementAndGet();
        Thread.sleep(2_000);
      } catch (IOException | InterruptedException e) {
        // counted by what was sent
      }
    });
    System.out.printf("FastAGI: %d sockets sent a %d KB header line%n", sent.get(), lineKb);
    for (int t = 10; t <= after; t += 10) {
      Thread.sleep(10_000);
      System.out.printf("after %3d s: RSS %d MB%n", t, rssKb(pid) / 1024);
    }
    sampler.interrupt();
    System.out.printf("peak RSS %d MB (sampled every 200 ms)%n", peak[0] / 1024);
  }

  private static void drain(InputStream in) throws IOException {
    byte[] buf = new byte[8192];
    while (in.read(buf) >= 0) {
      // until the server closes
    }
  }

  private static void parallel(int n, Runnable task) throws InterruptedException {
    CountDownLatch done = new CountDownLatch(n);
    for (int i = 0; i < n; i++) {
      Thread t = new Thread(() -> {
        try {
          task.run();
        } finally {
          done.countDown();
        }
      }, "flood-" + i);
      t.setDaemon(true);
      t.start();
    }
    done.await();
  }

  /** Resident set of the process, from /proc (Linux). */
  static long rssKb(long pid) {
    try {
      for (String l : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
        if (l.startsWith("VmRSS:")) {
          return Long.parseLong(l.replaceAll("[^0-9]", ""));
        }
      }
    } catch (IOException | RuntimeException e) {
      return -1;
    }
    return -1;
  }
}

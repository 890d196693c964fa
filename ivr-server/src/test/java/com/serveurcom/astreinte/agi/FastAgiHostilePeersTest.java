package com.serveurcom.astreinte.agi;

import static org.assertj.core.api.Assertions.assertThat;

import com.serveurcom.astreinte.simulator.AfterAgi;
import com.serveurcom.astreinte.simulator.AsteriskSimulator;
import com.serveurcom.astreinte.simulator.SimulatedCallResult;
import com.serveurcom.astreinte.simulator.CallSpec;
import com.serveurcom.astreinte.simulator.SimulatorSettings;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.asteriskjava.fastagi.AgiScript;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Issue 11: peers that connect and say nothing, or say too much, cannot shut the line off. The
 * listener is the real one on a real port; its script is a two-command stand-in for the flow,
 * which is not what is under test.
 */
@Tag("fault")
class FastAgiHostilePeersTest {
  static final int MAX_CALLS = 50; // ASTREINTE_AGI_MAX_CALLS=50

  final AtomicInteger served = new AtomicInteger();
  final List<String> callerIds = new CopyOnWriteArrayList<>();
  final AgiScript greeting = (request, channel) -> {
    served.incrementAndGet();
    callerIds.add(request.getCallerIdNumber());
    channel.streamFile("astreinte/bienvenue");
    channel.hangup();
  };
  FastAgiListener listener;

  FastAgiListener start(FastAgiListener.Settings s) {
    listener = new FastAgiListener(s, Map.of("support", greeting));
    listener.start();
    return listener;
  }

  static int freePort() {
    try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  static FastAgiListener.Settings settings(int maxCalls) {
    // The call read timeout of production (30 min): only the header timeout may free a slot.
    return new FastAgiListener.Settings(InetAddress.getLoopbackAddress(), freePort(), Set.of(), Math.min(10, maxCalls),
        maxCalls, (int) Duration.ofMinutes(30).toMillis());
  }

  @AfterEach
  void stop() {
    if (listener != null) {
      listener.stop(Duration.ofSeconds(2));
    }
  }

  SimulatedCallResult call() {
    return new AsteriskSimulator(SimulatorSettings.defaults().withIdleLimit(Duration.ofSeconds(20)))
        .call(CallSpec.builder("127.0.0.1", listener.port()).callerId("+33612345678", null).keys("-").build());
  }

  @Test
  void fiveHundredSilentSocketsDoNotKeepACallOut() throws Exception {
    // One core thread, so that the warm-up call leaves exactly the threads a served call needs.
    start(new FastAgiListener.Settings(InetAddress.getLoopbackAddress(), freePort(), Set.of(), 1, MAX_CALLS,
        (int) Duration.ofMinutes(30).toMillis()));
    assertThat(call().afterAgi().path()).isEqualTo(AfterAgi.Path.NOT_REACHED); // warm-up: the pool's first thread
    int threadsBefore = agiThreads();
    assertThat(serverSideConnections(listener.port())).isZero();

    List<Socket> silent = new ArrayList<>();
    try {
      for (int i = 0; i < 500; i++) {
        Socket s = new Socket();
        s.connect(new InetSocketAddress("127.0.0.1", listener.port()), 2000);
        if (i % 2 == 1) {
          // Half of them start a header block and never end it.
          s.getOutputStream().write("agi_network: yes\nagi_network_script: support\n".getBytes(StandardCharsets.US_ASCII));
        }
        silent.add(s);
      }
      waitUntil(() -> serverSideConnections(listener.port()) >= 500, Duration.ofSeconds(5));
      assertThat(serverSideConnections(listener.port())).isEqualTo(500);
      assertThat(agiThreads()).as("silent sockets hold no call thread").isLessThanOrEqualTo(threadsBefore);

      long t0 = System.nanoTime();
      SimulatedCallResult r = call();
      Duration took = Duration.ofNanos(System.nanoTime() - t0);

      assertThat(r.commands()).as(r.printTranscript()).contains("STREAM FILE \"astreinte/bienvenue\" \"\"");
      assertThat(r.channelVariables()).containsEntry(FastAgiListener.SERVED_VARIABLE, "1");
      assertThat(took).isLessThan(Duration.ofSeconds(3));
      assertThat(agiThreads()).isLessThanOrEqualTo(threadsBefore);

      // Within the header timeout (5 s) every silent socket is closed by the server.
      for (Socket s : silent) {
        assertThat(closedByServerWithin(s, Duration.ofSeconds(10))).isTrue();
      }
      waitUntil(() -> listener.silentConnectionsClosed() == 500, Duration.ofSeconds(2)); // counted after the close
      assertThat(listener.silentConnectionsClosed()).isEqualTo(500);
    } finally {
      for (Socket s : silent) {
        s.close();
      }
    }
    waitUntil(() -> serverSideConnections(listener.port()) == 0, Duration.ofSeconds(5));
    assertThat(serverSideConnections(listener.port())).isZero();
    assertThat(agiThreads()).isLessThanOrEqualTo(threadsBefore);
    assertThat(listener.activeCalls()).isZero();
  }

  @Test
  void aCallPastTheLastSlotIsRefusedAtOnceAndTakesTheFallback() throws Exception {
    java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
    java.util.concurrent.CountDownLatch busy = new java.util.concurrent.CountDownLatch(2);
    AgiScript holding = (request, channel) -> {
      channel.answer();
      busy.countDown();
      try {
        release.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      channel.hangup();
    };
    listener = new FastAgiListener(settings(2), Map.of("support", holding));
    listener.start();
    java.util.concurrent.ExecutorService callers = java.util.concurrent.Executors.newFixedThreadPool(2);
    try {
      var first = java.util.concurrent.CompletableFuture.supplyAsync(this::call, callers);
      var second = java.util.concurrent.CompletableFuture.supplyAsync(this::call, callers);
      assertThat(busy.await(5, java.util.concurrent.TimeUnit.SECONDS)).isTrue();

      long t0 = System.nanoTime();
      SimulatedCallResult third = call();
      assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(1));
      assertThat(third.commands()).as("refused before any command").isEmpty();
      assertThat(third.afterAgi().agiStatus()).isEqualTo("SUCCESS");
      assertThat(third.afterAgi().path()).isEqualTo(AfterAgi.Path.FALLBACK);
      assertThat(third.afterAgi().applications()).startsWith("Playback(astreinte/erreur-technique)", "VoiceMail(100@astreinte,s)");
      assertThat(listener.refusedCalls()).isEqualTo(1);

      release.countDown();
      for (SimulatedCallResult r : List.of(first.get(5, java.util.concurrent.TimeUnit.SECONDS), second.get(5, java.util.concurrent.TimeUnit.SECONDS))) {
        assertThat(r.channelVariables()).containsEntry(FastAgiListener.SERVED_VARIABLE, "1");
        assertThat(r.afterAgi().path()).as("served calls end with the server's HANGUP").isEqualTo(AfterAgi.Path.NOT_REACHED);
      }
    } finally {
      release.countDown();
      callers.shutdownNow();
    }
  }

  @Test
  void aHeaderLineLongerThan64KiBIsNotBufferedAndEndsTheConnection() throws Exception {
    start(settings(MAX_CALLS));
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress("127.0.0.1", listener.port()), 2000);
      s.setSoTimeout(3000);
      OutputStream out = s.getOutputStream();
      out.write("agi_network: yes\nagi_callerid: ".getBytes(StandardCharsets.US_ASCII));
      byte[] mega = new byte[1 << 20];
      java.util.Arrays.fill(mega, (byte) '7');
      long sent = 0;
      long t0 = System.nanoTime();
      try {
        // Up to 64 MB of one caller ID line, as in the issue; the server must stop reading long before.
        for (int i = 0; i < 64; i++) {
          out.write(mega);
          sent += mega.length;
        }
      } catch (IOException expected) {
        // broken pipe or reset: the server closed
      }
      assertThat(sent).as("bytes the server let in before closing").isLessThan(16L << 20);
      assertThat(closedByServerWithin(s, Duration.ofSeconds(3))).isTrue();
      assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(4));
    }
    assertThat(served.get()).isZero();
  }

  @Test
  void aReplyLineLongerThan64KiBEndsTheCall() throws Exception {
    AtomicInteger hangups = new AtomicInteger();
    listener = new FastAgiListener(settings(MAX_CALLS), Map.of("support", (request, channel) -> {
      try {
        channel.streamFile("astreinte/bienvenue");
      } catch (org.asteriskjava.fastagi.AgiHangupException e) {
        hangups.incrementAndGet();
      }
    }));
    listener.start();
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress("127.0.0.1", listener.port()), 2000);
      s.setSoTimeout(3000);
      OutputStream out = s.getOutputStream();
      InputStream in = s.getInputStream();
      out.write("agi_network: yes\nagi_network_script: support\nagi_uniqueid: 1.1\n\n".getBytes(StandardCharsets.US_ASCII));
      assertThat(readLine(in)).isEqualTo("SET VARIABLE \"ASTREINTE_SERVED\" \"1\"");
      out.write("200 result=1\n".getBytes(StandardCharsets.US_ASCII));
      assertThat(readLine(in)).startsWith("STREAM FILE");
      byte[] line = new byte[100 * 1024];
      java.util.Arrays.fill(line, (byte) '0');
      try {
        out.write("200 result=".getBytes(StandardCharsets.US_ASCII));
        out.write(line);
      } catch (IOException expected) {
        // the server may already have closed
      }
      waitUntil(() -> hangups.get() == 1, Duration.ofSeconds(3));
      assertThat(hangups.get()).as("the call ended as if the caller had gone").isEqualTo(1);
    }
  }

  @Test
  void headerValuesAreTrimmedToWhatAsteriskCanSend() throws Exception {
    start(settings(MAX_CALLS));
    String longNumber = "+33" + "6".repeat(10_000);
    SimulatedCallResult r = new AsteriskSimulator(SimulatorSettings.defaults())
        .call(CallSpec.builder("127.0.0.1", listener.port()).callerId(longNumber, "x".repeat(30_000)).keys("-").build());
    assertThat(r.channelVariables()).containsEntry(FastAgiListener.SERVED_VARIABLE, "1");
    assertThat(callerIds).singleElement().satisfies(id -> assertThat(id).hasSize(80).isEqualTo(longNumber.substring(0, 80)));
  }

  // --- helpers -------------------------------------------------------------------------------

  static String readLine(InputStream in) throws IOException {
    StringBuilder sb = new StringBuilder();
    int c;
    while ((c = in.read()) != -1 && c != '\n') {
      sb.append((char) c);
    }
    return sb.toString();
  }

  /** Whether the peer closed (EOF or reset) within the limit; bytes it sends first are skipped. */
  static boolean closedByServerWithin(Socket s, Duration limit) throws IOException {
    long end = System.nanoTime() + limit.toNanos();
    byte[] buf = new byte[4096];
    while (System.nanoTime() < end) {
      s.setSoTimeout((int) Math.max(1, Duration.ofNanos(end - System.nanoTime()).toMillis()));
      try {
        if (s.getInputStream().read(buf) < 0) {
          return true;
        }
      } catch (SocketTimeoutException e) {
        return false;
      } catch (IOException reset) {
        return true;
      }
    }
    return false;
  }

  static int agiThreads() {
    return (int) Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().startsWith("agi-")).count();
  }

  /**
   * The server side of connections to the port that still hold a socket: ESTABLISHED (01) or
   * CLOSE_WAIT (08) with the listener's port as local port, from /proc/net/tcp and tcp6.
   */
  static int serverSideConnections(int port) {
    String local = String.format(Locale.ROOT, ":%04X", port);
    int n = 0;
    for (String file : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
      try {
        for (String line : Files.readAllLines(Path.of(file))) {
          String[] f = line.trim().split("\\s+");
          if (f.length > 3 && f[1].endsWith(local) && (f[3].equals("01") || f[3].equals("08"))) {
            n++;
          }
        }
      } catch (IOException e) {
        // no IPv6
      }
    }
    return n;
  }

  static void waitUntil(java.util.function.BooleanSupplier condition, Duration limit) throws InterruptedException {
    long end = System.nanoTime() + limit.toNanos();
    while (!condition.getAsBoolean() && System.nanoTime() < end) {
      Thread.sleep(20);
    }
  }
}

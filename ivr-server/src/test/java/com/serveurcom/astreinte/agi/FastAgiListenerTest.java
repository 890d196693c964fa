package com.serveurcom.astreinte.agi;

import static org.assertj.core.api.Assertions.assertThat;

import com.serveurcom.astreinte.simulator.AsteriskSimulator;
import com.serveurcom.astreinte.simulator.SimulatedCallResult;
import com.serveurcom.astreinte.simulator.CallSpec;
import com.serveurcom.astreinte.simulator.SimulatorSettings;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.asteriskjava.fastagi.AgiScript;
import org.junit.jupiter.api.Test;

class FastAgiListenerTest {

  static int freePort() throws Exception {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  @Test
  void aStopLetsTheCallInProgressEnd() throws Exception {
    CountDownLatch inCall = new CountDownLatch(1);
    AgiScript slow = (request, channel) -> {
      inCall.countDown();
      channel.streamFile("astreinte/bienvenue");
      try {
        Thread.sleep(700);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      channel.hangup();
    };
    int port = freePort();
    FastAgiListener listener = new FastAgiListener(
        new FastAgiListener.Settings(InetAddress.getLoopbackAddress(), port, Set.of(), 2, 10, 30_000),
        Map.of("support", slow));
    listener.start();
    CompletableFuture<SimulatedCallResult> call = CompletableFuture.supplyAsync(() -> new AsteriskSimulator(SimulatorSettings.defaults())
        .call(CallSpec.builder("127.0.0.1", port).script("support").keys("-").build()));
    assertThat(inCall.await(5, TimeUnit.SECONDS)).isTrue();
    assertThat(listener.activeCalls()).isEqualTo(1);

    assertThat(listener.stop(Duration.ofSeconds(5))).as("drained within the limit").isTrue();
    SimulatedCallResult r = call.get(5, TimeUnit.SECONDS);
    assertThat(r.commands()).anyMatch(c -> c.startsWith("HANGUP"));
    assertThat(r.closedPromptly()).isTrue();
  }

  @Test
  void aCallLongerThanTheLimitDoesNotHoldTheStop() throws Exception {
    CountDownLatch inCall = new CountDownLatch(1);
    AgiScript stuck = (request, channel) -> {
      inCall.countDown();
      try {
        Thread.sleep(10_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    };
    int port = freePort();
    FastAgiListener listener = new FastAgiListener(
        new FastAgiListener.Settings(InetAddress.getLoopbackAddress(), port, Set.of(), 2, 10, 30_000),
        Map.of("support", stuck));
    listener.start();
    CompletableFuture.runAsync(() -> new AsteriskSimulator(SimulatorSettings.defaults().withIdleLimit(Duration.ofSeconds(15)))
        .call(CallSpec.builder("127.0.0.1", port).script("support").build()));
    assertThat(inCall.await(5, TimeUnit.SECONDS)).isTrue();
    long t0 = System.nanoTime();
    assertThat(listener.stop(Duration.ofMillis(300))).isFalse();
    assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(3));
  }
}

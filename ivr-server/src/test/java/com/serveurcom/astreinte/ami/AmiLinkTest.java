package com.serveurcom.astreinte.ami;

import static org.assertj.core.api.Assertions.assertThat;

import com.serveurcom.astreinte.simulator.AmiQueue;
import com.serveurcom.astreinte.simulator.FakeAmiServer;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** The AMI link against the fake manager speaking Asterisk's wire protocol over TCP. */
class AmiLinkTest {

  static AmiLink.Settings settings(FakeAmiServer ami, Duration readTimeout) {
    return new AmiLink.Settings("127.0.0.1", ami.port(), "astreinte", "s3cret", readTimeout,
        readTimeout.dividedBy(3), Duration.ofSeconds(1), Duration.ofSeconds(2));
  }

  static void await(String what, java.util.function.BooleanSupplier condition, Duration limit) throws InterruptedException {
    long end = System.nanoTime() + limit.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > end) {
        throw new AssertionError("timed out waiting for " + what);
      }
      Thread.sleep(20);
    }
  }

  @Test
  void queueStatusAndMessageWaitingComeThroughTheLink() throws Exception {
    List<String> waiting = new CopyOnWriteArrayList<>();
    try (FakeAmiServer ami = new FakeAmiServer("astreinte", "s3cret");
        AmiLink link = new AmiLink(settings(ami, Duration.ofSeconds(30)),
            (box, fresh, old) -> waiting.add(box + ":" + fresh), Clock.systemUTC())) {
      ami.setQueue(AmiQueue.withAgents("support", 0, 0));
      assertThat(link.agentsLoggedIn("support")).as("unknown before login").isEmpty();
      link.start();
      await("login", link::connected, Duration.ofSeconds(10));
      assertThat(link.downSince()).isEmpty();

      assertThat(link.agentsLoggedIn("support")).contains(false);
      ami.setQueue(AmiQueue.withAgents("support", 2, 1));
      assertThat(link.agentsLoggedIn("support")).contains(true);

      ami.pushMessageWaiting("100@astreinte", 1, 1, 0);
      await("MessageWaiting", () -> !waiting.isEmpty(), Duration.ofSeconds(5));
      assertThat(waiting).containsExactly("100@astreinte:1");
    }
  }

  @Test
  void onlyThePagesChannelsReachThePager() throws Exception {
    List<String> seen = new CopyOnWriteArrayList<>();
    try (FakeAmiServer ami = new FakeAmiServer("astreinte", "s3cret");
        AmiLink link = new AmiLink(settings(ami, Duration.ofSeconds(30)), (box, fresh, old) -> { }, Clock.systemUTC())) {
      link.listen(new com.serveurcom.astreinte.pbx.PbxLink.CallEvents() {
        @Override public void originateResponse(String uniqueId, boolean success, int reason) {
          seen.add("response " + uniqueId);
        }

        @Override public void hangup(String uniqueId, int cause, String causeText) {
          seen.add("hangup " + uniqueId + " " + cause);
        }
      });
      link.start();
      await("login", link::connected, Duration.ofSeconds(10));
      // The support line's calls, an agent's call, an Originate of another application: not pages.
      ami.pushEvent("Hangup", Map.of("Channel", "Local/0272646172@astreinte-inbound-00000001;2",
          "Uniqueid", "pbx-1796460916.1", "Cause", "16", "Cause-txt", "Normal Clearing"));
      ami.pushEvent("Hangup", Map.of("Channel", "PJSIP/agent-201-00000002", "Uniqueid", "pbx-1796460916.2",
          "Cause", "17", "Cause-txt", "User busy"));
      ami.pushEvent("OriginateResponse", Map.of("ActionID", "other-app-1", "Response", "Failure",
          "Channel", "PJSIP/201", "Reason", "3", "Uniqueid", "<unknown>"));
      // A page's two channels and its outcome.
      ami.pushEvent("Hangup", Map.of("Channel", "PJSIP/+33611111111@trunk-operateur-00000003;2",
          "Uniqueid", "astreinte-page-0123456789abcdef01234567-tel", "Cause", "17", "Cause-txt", "User busy"));
      ami.pushEvent("OriginateResponse", Map.of("ActionID", "astreinte-page-0123456789abcdef01234567",
          "Response", "Failure", "Channel", "PJSIP/+33611111111@trunk-operateur", "Reason", "5",
          "Uniqueid", "astreinte-page-0123456789abcdef01234567"));
      await("the page's events", () -> seen.size() >= 2, Duration.ofSeconds(5));
      Thread.sleep(200);
      assertThat(seen).containsExactly("hangup astreinte-page-0123456789abcdef01234567-tel 17",
          "response astreinte-page-0123456789abcdef01234567");
    }
  }

  @Test
  void aDroppedLinkIsNoticedAndRecovered() throws Exception {
    try (FakeAmiServer ami = new FakeAmiServer("astreinte", "s3cret");
        AmiLink link = new AmiLink(settings(ami, Duration.ofSeconds(30)), (b, n, o) -> { }, Clock.systemUTC())) {
      ami.setQueue(AmiQueue.withAgents("support", 1, 1));
      link.start();
      await("login", link::connected, Duration.ofSeconds(10));
      ami.dropAllConnections();
      await("reconnect", () -> ami.loginCount() >= 2 && link.connected(), Duration.ofSeconds(10));
      assertThat(link.agentsLoggedIn("support")).contains(true);
    }
  }

  @Test
  void theFirstLoginIsRetriedUntilTheManagerAnswers() throws Exception {
    try (FakeAmiServer ami = new FakeAmiServer("astreinte", "s3cret")) {
      ami.setSilent(true);
      try (AmiLink link = new AmiLink(settings(ami, Duration.ofSeconds(3)), (b, n, o) -> { }, Clock.systemUTC())) {
        link.start();
        Thread.sleep(1500);
        assertThat(link.connected()).isFalse();
        assertThat(link.agentsLoggedIn("support")).isEqualTo(Optional.empty());
        ami.setSilent(false);
        await("login after retries", link::connected, Duration.ofSeconds(20));
      }
    }
  }
}

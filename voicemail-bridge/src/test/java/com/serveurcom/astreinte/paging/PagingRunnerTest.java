package com.serveurcom.astreinte.paging;

import com.serveurcom.astreinte.providers.PagingModule;

import static org.assertj.core.api.Assertions.assertThat;

import com.serveurcom.astreinte.outbox.Outbox;
import com.serveurcom.astreinte.testing.TestDatabase;
import com.serveurcom.astreinte.ticket.Priority;
import com.serveurcom.astreinte.twilio.PageTwiml;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class PagingRunnerTest {
  @RegisterExtension
  static final TestDatabase db = new TestDatabase();

  private PagingKit kit;

  @BeforeEach
  void setUp() throws Exception {
    kit = new PagingKit(db.database());
  }

  @AfterEach
  void tearDown() {
    kit.close();
  }

  @Test
  void anIdleRunnerWakesAtOnceWhenAnotherInstanceQueuesAPage() throws Exception {
    // Real time here: the runner sleeps on the wall clock. An hour of idle sleep, so only NOTIFY can wake it.
    kit.clock.set(Instant.now());
    PagingEngine engine = new PagingEngine(kit.database, kit.outbox, () -> kit.rota, () -> ShippedTexts.TEXTS, kit.pager, kit.voice,
        kit.links, kit.metrics, PagingHealth.NONE, PagingEngine.Settings.defaults("runner"));
    try (PagingRunner runner = new PagingRunner(engine, null, Clock.systemUTC(), Duration.ofHours(1));
         OutboxListener listener = new OutboxListener(kit.database.dataSource(), runner::wake)) {
      runner.start();
      listener.start();
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (!listener.listening() && System.nanoTime() < deadline) {
        Thread.sleep(10);
      }
      Thread.sleep(200); // the runner's first pass is over; it now sleeps
      String n = kit.openTicket(Priority.HIGH);
      long t0 = System.nanoTime();
      kit.register(n);
      kit.fake.awaitRequests(2, Duration.ofSeconds(5));
      assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(2));
    }
  }

  @Test
  void theWatchdogAlertsTheLastResortContactByTheOtherChannelOncePerIncident() throws Exception {
    AtomicReference<Instant> amiDown = new AtomicReference<>();
    PagerWatchdog dog = new PagerWatchdog(kit.outbox, () -> kit.rota, () -> ShippedTexts.TEXTS, kit.pager, kit.voice, amiDown::get,
        PagerWatchdog.Settings.defaults());
    Instant now = kit.clock.instant();

    for (int i = 0; i < 3; i++) {
      dog.sendFailed("voice", "500");
    }
    dog.check(now);
    dog.check(now.plusSeconds(30));
    assertThat(kit.sms()).singleElement().satisfies(s -> {
      assertThat(s.param("To")).isEqualTo(PagingKit.LAST_RESORT.phone());
      assertThat(s.param("Body")).contains("appels d'astreinte échouent");
    });
    assertThat(kit.calls()).isEmpty();
    assertThat(dog.active()).containsExactly(PagerWatchdog.Incident.VOICE_FAILING);

    // SMS failing: the alert is a call.
    for (int i = 0; i < 3; i++) {
      dog.sendFailed("sms", "500");
    }
    dog.sendSucceeded("voice");
    dog.check(now.plusSeconds(60));
    assertThat(kit.calls()).singleElement().satisfies(c -> assertThat(c.param("To")).isEqualTo(PagingKit.LAST_RESORT.phone()));

    // Both failing: Twilio is down, nothing is sent (logged at ERROR).
    kit.fake.reset();
    for (int i = 0; i < 3; i++) {
      dog.sendFailed("voice", "500");
    }
    amiDown.set(now);
    dog.check(now.plus(Duration.ofMinutes(6)));
    assertThat(kit.fake.requests()).isEmpty();
    assertThat(dog.active()).contains(PagerWatchdog.Incident.AMI_DOWN, PagerWatchdog.Incident.SMS_FAILING);
  }

  @Test
  void theWatchdogAlertsWhenTheOutboxIsLate() {
    PagerWatchdog dog = new PagerWatchdog(kit.outbox, () -> kit.rota, () -> ShippedTexts.TEXTS, kit.pager, kit.voice, () -> null,
        PagerWatchdog.Settings.defaults());
    String n = kit.openTicket(Priority.HIGH);
    kit.register(n); // nobody runs the engine
    dog.check(kit.clock.instant().plus(Duration.ofMinutes(2)));
    assertThat(kit.fake.requests()).isEmpty();
    dog.check(kit.clock.instant().plus(Duration.ofMinutes(4)));
    dog.check(kit.clock.instant().plus(Duration.ofMinutes(5)));
    assertThat(kit.sms()).singleElement().satisfies(s -> assertThat(s.param("Body")).contains("en retard"));
  }

  @Test
  void withoutTwilioPagesAreLoggedAndListed() {
    PagingEngine engine = kit.engine("log", new LogPager(), PagingHealth.NONE);
    String n = kit.openTicket(Priority.MEDIUM);
    kit.register(n);
    engine.runOnce(kit.clock.instant());
    assertThat(kit.fake.requests()).isEmpty();
    var pages = new PageLog(kit.database).recent(10, n);
    assertThat(pages).hasSize(2);
    assertThat(pages).allSatisfy(p -> {
      assertThat(p.provider()).isEqualTo("log");
      assertThat(p.status()).isEqualTo("accepted");
      assertThat(p.recipientMasked()).isEqualTo("+336******11");
      assertThat(p.recipientName()).isEqualTo(PagingKit.ALICE.name());
    });
    assertThat(pages).extracting(PageLog.Page::channel).containsExactlyInAnyOrder("sms", "voice");
  }

  @Test
  void theModuleWithoutTwilioLogsPagesAsSoonAsTheyAreQueued() throws Exception {
    kit.clock.set(Instant.now());
    try (PagingModule module = new PagingModule(kit.database, kit.tickets, () -> kit.rota,
        () -> ShippedTexts.MESSAGES, Clock.systemUTC(), kit.registry, () -> null, "module-test")) {
      module.start();
      String n = kit.openTicket(Priority.HIGH);
      kit.register(n);
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
      while (module.pageLog().recent(10, n).size() < 2 && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
      assertThat(module.pageLog().recent(10, n)).hasSize(2).allSatisfy(p -> assertThat(p.provider()).isEqualTo("log"));
      assertThat(module.acknowledgements().takeCharge(n, PagingKit.ALICE.mobile(),
          com.serveurcom.astreinte.paging.Channel.SMS).outcome())
          .isEqualTo(com.serveurcom.astreinte.paging.Ack.Outcome.ACCEPTED);
    }
    assertThat(kit.fake.requests()).isEmpty();
  }

  @Test
  void theOutboxAgeGaugeReadsTheDatabase() {
    kit.metrics.registerOutboxAge(kit.outbox, kit.clock);
    String n = kit.openTicket(Priority.HIGH);
    kit.register(n);
    kit.clock.advance(Duration.ofSeconds(90));
    assertThat(kit.registry.get("astreinte.outbox.oldest.due").gauge().value()).isEqualTo(90.0);
    assertThat(Optional.of(new Outbox(kit.database))).isPresent();
  }
}

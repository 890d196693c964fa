package com.serveurcom.astreinte.paging;

import static com.serveurcom.astreinte.database.generated.Tables.ONCALL_REQUEST;
import static com.serveurcom.astreinte.database.generated.Tables.PAGE_ATTEMPT;
import static org.assertj.core.api.Assertions.assertThat;

import com.serveurcom.astreinte.database.Timestamps;
import com.serveurcom.astreinte.oncall.OnCallMessage;
import com.serveurcom.astreinte.testing.TestDatabase;
import com.serveurcom.astreinte.ticket.Priority;
import com.serveurcom.astreinte.twilio.FakeTwilioServer.RecordedRequest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A page storm (issue 13): 200 on-call requests for one technician registered over 60 s (one every
 * 300 ms, open loop), in real time, with the shipped limits ({@code PageLimits.defaults()}: per person
 * 1 SMS and 1 call a minute, 6 SMS and 4 calls per 15 minutes). One engine with its runner and
 * LISTEN/NOTIFY listener, real embedded PostgreSQL, the Twilio fake over HTTP; each call "rings out"
 * 30 s after it was placed (its status callback, as Twilio would post it). Reports the SMS and calls the
 * technician got, the time to the first page, and from registration to the first SMS and the first call
 * covering each request (its own page or a grouped one). Tagged {@code benchmark}: run with
 * {@code mvn -B -o -pl ticket-core,voicemail-bridge -am test -Dastreinte.excludedGroups=none -Dgroups=benchmark
 * -Dtest=PageStormBenchmark -Dsurefire.failIfNoSpecifiedTests=false} (about 3 minutes).
 */
@Tag("benchmark")
class PageStormBenchmark {
  @RegisterExtension
  static final TestDatabase db = new TestDatabase();

  private static final int REQUESTS = 200;
  private static final Duration SPREAD = Duration.ofSeconds(60);

  @Test
  void twoHundredRegistrationsForOneTechnicianInSixtySeconds() throws Exception {
    try (PagingKit kit = new PagingKit(db.database())) {
      List<String> numbers = new ArrayList<>();
      for (int i = 0; i < REQUESTS; i++) {
        numbers.add(kit.openTicket(i % 3 == 0 ? Priority.HIGH : Priority.MEDIUM));
      }
      PagingEngine engine = new PagingEngine(kit.database, kit.outbox, () -> kit.rota, () -> ShippedTexts.TEXTS,
          kit.pager, kit.voice, kit.links, kit.metrics, PagingHealth.NONE, PagingEngine.Settings.defaults("storm"));
      Instant begin;
      try (PagingRunner runner = new PagingRunner(engine, null, Clock.systemUTC(), Duration.ofSeconds(5));
           OutboxListener listener = new OutboxListener(kit.database.dataSource(), runner::wake)) {
        runner.start();
        listener.start();
        while (!listener.listening()) {
          Thread.sleep(10);
        }
        ScheduledExecutorService arrivals = Executors.newScheduledThreadPool(4);
        long start = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(200);
        begin = Instant.now().plusMillis(200);
        long every = SPREAD.toNanos() / REQUESTS;
        for (int i = 0; i < REQUESTS; i++) {
          String n = numbers.get(i);
          arrivals.schedule(() -> {
            kit.requests.register(new OnCallMessage(n, PagingKit.CUSTOMER, PagingKit.CUSTOMER, "/spool/msg-" + n,
                "storm-" + n, Instant.now()));
          }, start + i * every - System.nanoTime(), TimeUnit.NANOSECONDS);
        }
        // Calls ring out unanswered after 30 s: Twilio's final status reaches the engine.
        arrivals.scheduleAtFixedRate(() -> endCalls(kit, Instant.now().minusSeconds(30)), 1, 1, TimeUnit.SECONDS);
        Instant deadline = Instant.now().plus(Duration.ofMinutes(5));
        while (Instant.now().isBefore(deadline) && !allCovered(kit)) {
          Thread.sleep(1000);
        }
        arrivals.shutdownNow();
      }
      List<RecordedRequest> sms = kit.sms().stream().filter(r -> r.param("To").equals(PagingKit.ALICE.mobile())).toList();
      List<RecordedRequest> calls = kit.calls().stream().filter(r -> r.param("To").equals(PagingKit.ALICE.mobile())).toList();
      Instant firstPage = kit.fake.requests().stream().map(RecordedRequest::arrivedAt).min(Instant::compareTo).orElseThrow();
      Instant firstRegistration = kit.database.dsl().select(DSL.min(ONCALL_REQUEST.CREATED_AT)).from(ONCALL_REQUEST)
          .fetchOne(0, java.time.OffsetDateTime.class).toInstant();
      List<Long> smsMs = coverDelays(kit, "sms");
      List<Long> callMs = coverDelays(kit, "voice");
      Instant lastCover = kit.database.dsl().select(DSL.max(PAGE_ATTEMPT.CREATED_AT)).from(PAGE_ATTEMPT)
          .fetchOne(0, java.time.OffsetDateTime.class).toInstant();
      System.out.printf("PAGE STORM requests=%d over %d s: technician got sms=%d calls=%d (without grouping: %d and %d);"
          + " first page %d ms after the first registration; registration to covering SMS p50=%.1f s p99=%.1f s"
          + " max=%.1f s (covered %d/%d); to covering call p50=%.1f s p99=%.1f s max=%.1f s (covered %d/%d);"
          + " run %d s%n",
          REQUESTS, SPREAD.toSeconds(), sms.size(), calls.size(), REQUESTS, REQUESTS,
          Duration.between(firstRegistration, firstPage).toMillis(),
          pct(smsMs, 0.5), pct(smsMs, 0.99), pct(smsMs, 1.0), smsMs.size(), REQUESTS,
          pct(callMs, 0.5), pct(callMs, 0.99), pct(callMs, 1.0), callMs.size(), REQUESTS,
          Duration.between(begin, lastCover).toSeconds());
      assertThat(smsMs).hasSize(REQUESTS);
      assertThat(callMs).hasSize(REQUESTS);
    }
  }

  private static double pct(List<Long> sortedMs, double p) {
    if (sortedMs.isEmpty()) {
      return Double.NaN;
    }
    int i = (int) Math.ceil(sortedMs.size() * p) - 1;
    return sortedMs.get(Math.max(0, i)) / 1000.0;
  }

  /** Registration to the first accepted send on {@code channel} covering each request, sorted (ms). */
  private static List<Long> coverDelays(PagingKit kit, String channel) {
    var own = DSL.select(PAGE_ATTEMPT.ONCALL_REQUEST_ID.as("req"), PAGE_ATTEMPT.CREATED_AT.as("at")).from(PAGE_ATTEMPT)
        .where(PAGE_ATTEMPT.CHANNEL.eq(channel)).and(PAGE_ATTEMPT.STATUS.eq("accepted"))
        .and(PAGE_ATTEMPT.OUTBOX_KIND.ne("page_person"));
    var grouped = DSL.select(PersonPages.W_REQUEST.as("req"), PAGE_ATTEMPT.CREATED_AT.as("at")).from(PAGE_ATTEMPT)
        .join(PersonPages.PAGE_WAIT).on(PersonPages.W_COVERED_BY.eq(PAGE_ATTEMPT.OUTBOX_ID))
        .where(PAGE_ATTEMPT.CHANNEL.eq(channel)).and(PAGE_ATTEMPT.STATUS.eq("accepted"));
    var sends = own.unionAll(grouped).asTable("s");
    return kit.database.dsl().select(DSL.field("extract(epoch from (min({0}) - {1})) * 1000", Double.class,
            sends.field("at"), ONCALL_REQUEST.CREATED_AT))
        .from(ONCALL_REQUEST).join(sends).on(sends.field("req", Long.class).eq(ONCALL_REQUEST.ID))
        .groupBy(ONCALL_REQUEST.ID, ONCALL_REQUEST.CREATED_AT)
        .fetch(0, Double.class).stream().map(Math::round).sorted().toList();
  }

  private static boolean allCovered(PagingKit kit) {
    return kit.database.dsl().fetchCount(ONCALL_REQUEST) == REQUESTS
        && coverDelays(kit, "sms").size() == REQUESTS && coverDelays(kit, "voice").size() == REQUESTS;
  }

  private static void endCalls(PagingKit kit, Instant placedBy) {
    try {
      for (String sid : kit.database.dsl().select(PAGE_ATTEMPT.PROVIDER_SID).from(PAGE_ATTEMPT)
          .where(PAGE_ATTEMPT.CHANNEL.eq("voice")).and(PAGE_ATTEMPT.DELIVERY_STATUS.isNull())
          .and(PAGE_ATTEMPT.PROVIDER_SID.isNotNull()).and(PAGE_ATTEMPT.CREATED_AT.le(Timestamps.utc(placedBy)))
          .fetch(PAGE_ATTEMPT.PROVIDER_SID)) {
        kit.acks.deliveryStatus(new DeliveryStatus(sid, Channel.VOICE, "no-answer", null, null));
      }
    } catch (RuntimeException e) {
      // the next tick tries again
    }
  }
}

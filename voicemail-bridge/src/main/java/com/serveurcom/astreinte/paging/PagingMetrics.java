package com.serveurcom.astreinte.paging;

import com.serveurcom.astreinte.outbox.Outbox;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Paging meters (Prometheus names once exported): {@code astreinte_pages_sent_total{channel}},
 * {@code astreinte_pages_failed_total{channel,kind}}, {@code astreinte_outbox_oldest_due_seconds},
 * {@code astreinte_oncall_take_charge_seconds}, {@code astreinte_oncall_breaches_total},
 * {@code astreinte_pages_held_total{channel}}, {@code astreinte_pages_grouped_total{channel}}.
 */
public final class PagingMetrics {
  private final MeterRegistry registry;
  /** Built once per tag set, not at each send: a page storm must not rebuild meters for every event. */
  private final Map<String, Counter> sent = new ConcurrentHashMap<>();
  private final Map<String, Counter> failed = new ConcurrentHashMap<>();
  private final Map<String, Counter> fallbacks = new ConcurrentHashMap<>();
  private final Timer takeCharge;
  private final Counter breaches;

  public PagingMetrics(MeterRegistry registry) {
    this.registry = Objects.requireNonNull(registry, "registry");
    this.takeCharge = Timer.builder("astreinte.oncall.take.charge").description("From the on-call request to its take-charge")
        .register(registry);
    this.breaches = Counter.builder("astreinte.oncall.breaches")
        .description("On-call requests nobody took in charge in the window").register(registry);
  }

  /** The outbox-age gauge reads the database on every scrape: one indexed min() query. */
  public void registerOutboxAge(Outbox outbox, Clock clock) {
    Gauge.builder("astreinte.outbox.oldest.due", () -> {
      try {
        return outbox.oldestDueAge(clock.instant()).toMillis() / 1000.0;
      } catch (RuntimeException e) {
        // A scrape must not fail because the database is down; NaN shows the gap in the graph.
        return Double.NaN;
      }
    }).description("How late the most overdue outbox row is").baseUnit("seconds").register(registry);
  }

  void sent(String channel) {
    sent.computeIfAbsent(channel, c -> Counter.builder("astreinte.pages.sent")
        .description("SMS and calls handed to the provider (or logged without Twilio)")
        .tag("channel", c).register(registry)).increment();
  }

  void failed(String channel, boolean retryable) {
    String kind = retryable ? "retryable" : "permanent";
    failed.computeIfAbsent(channel + "|" + kind, k -> Counter.builder("astreinte.pages.failed")
        .description("SMS and calls the provider refused or that failed")
        .tag("channel", channel).tag("kind", kind).register(registry)).increment();
  }

  void tookCharge(Duration sinceRequest) {
    takeCharge.record(sinceRequest.isNegative() ? Duration.ZERO : sinceRequest);
  }

  void breach() {
    breaches.increment();
  }

  /** A voice page placed by the fallback provider: {@code astreinte_voice_fallbacks_total{from,to,reason}}. */
  void voiceFallback(String from, String to, PagingFailure.Reason reason) {
    fallbacks.computeIfAbsent(from + "|" + to + "|" + reason.code(), k -> Counter.builder("astreinte.voice.fallbacks")
        .description("Voice pages the fallback provider placed")
        .tag("from", from).tag("to", to).tag("reason", reason.code()).register(registry)).increment();
  }

  /**
   * A request's send to a person held to be grouped (issue 13: others wait for the person, a call is
   * under way, or a rate limit): {@code astreinte_pages_held_total{channel}}.
   */
  void held(String channel) {
    Counter.builder("astreinte.pages.held").description("Sends to a person held to be grouped with others")
        .tag("channel", channel).register(registry).increment();
  }

  /** One send covering several requests: {@code astreinte_pages_grouped_total{channel}} and the requests it covered. */
  void grouped(String channel, int requests) {
    Counter.builder("astreinte.pages.grouped").description("Sends that covered several requests")
        .tag("channel", channel).register(registry).increment();
    Counter.builder("astreinte.pages.grouped.requests").description("Requests covered by grouped sends")
        .tag("channel", channel).register(registry).increment(requests);
  }
}

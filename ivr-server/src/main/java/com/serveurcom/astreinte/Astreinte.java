package com.serveurcom.astreinte;

import com.serveurcom.astreinte.account.AccountStore;
import com.serveurcom.astreinte.agi.FastAgiListener;
import com.serveurcom.astreinte.agi.SupportScript;
import com.serveurcom.astreinte.ami.AmiLink;
import com.serveurcom.astreinte.audit.LineOverrides;
import com.serveurcom.astreinte.call.AgentQueue;
import com.serveurcom.astreinte.call.CalendarSchedule;
import com.serveurcom.astreinte.call.CallRecordStore;
import com.serveurcom.astreinte.call.JournalingDesk;
import com.serveurcom.astreinte.call.Journal;
import com.serveurcom.astreinte.call.JournalingCallLog;
import com.serveurcom.astreinte.call.OnCallDesk;
import com.serveurcom.astreinte.call.CallRecord;
import com.serveurcom.astreinte.call.SupportLine;
import com.serveurcom.astreinte.call.SupportLineSettings;
import com.serveurcom.astreinte.call.TicketDesk;
import com.serveurcom.astreinte.config.AstreinteConfig;
import com.serveurcom.astreinte.config.ConfigWatcher;
import com.serveurcom.astreinte.database.Database;
import com.serveurcom.astreinte.database.DatabaseConfig;
import com.serveurcom.astreinte.demo.DemoFixture;
import com.serveurcom.astreinte.http.AccountApi;
import com.serveurcom.astreinte.http.BearerToken;
import com.serveurcom.astreinte.http.HealthApi;
import com.serveurcom.astreinte.http.TicketApi;
import com.serveurcom.astreinte.http.HttpResponse;
import com.serveurcom.astreinte.http.HttpServer;
import com.serveurcom.astreinte.http.Json;
import com.serveurcom.astreinte.http.OverrideApi;
import com.serveurcom.astreinte.http.Router;
import com.serveurcom.astreinte.oncall.OnCallRequests;
import com.serveurcom.astreinte.oncall.OncallEligibility;
import com.serveurcom.astreinte.oncall.OncallRules;
import com.serveurcom.astreinte.sla.SlaPolicy;
import com.serveurcom.astreinte.ticket.TicketStore;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The composition root: builds every part of the server from its settings, starts them in
 * dependency order and stops them in reverse. The only place that knows how the parts fit.
 */
public final class Astreinte implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Astreinte.class);

  private final ServerSettings settings;
  private final Clock clock;
  private final Deque<AutoCloseable> started = new ArrayDeque<>();

  private ConfigWatcher config;
  private Database database;
  private FastAgiListener agi;
  private InetSocketAddress httpAddress;
  private JournalingDesk desk;
  private JournalingCallLog callLog;
  private final PrometheusMeterRegistry metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

  public Astreinte(ServerSettings settings, Clock clock) {
    this.settings = settings;
    this.clock = clock;
  }

  /** Starts everything; on failure stops what was started and rethrows. */
  public Astreinte start(AstreinteConfig initialConfig, BearerToken apiToken) {
    try {
      new JvmMemoryMetrics().bindTo(metrics);
      new JvmThreadMetrics().bindTo(metrics);
      new ProcessorMetrics().bindTo(metrics);
      ScheduledExecutorService engines = Executors.newScheduledThreadPool(2, r -> {
        Thread t = new Thread(r, "astreinte-engine");
        t.setDaemon(true);
        return t;
      });
      started.push(engines::shutdownNow);

      config = new ConfigWatcher(settings.configDir(), initialConfig);
      config.start(engines, Duration.ofSeconds(2));
      started.push(config);

      database = Database.start(
          DatabaseConfig.fromEnvironment(settings.env(), settings.dataDir().resolve("postgres")));
      started.push(database);

      SlaPolicy sla = (priority, from, onCall) -> config.current().slaPolicy().deadlines(priority, from, onCall);
      AccountStore accounts = new AccountStore(database, clock);
      TicketStore tickets = new TicketStore(database, sla, clock);
      if (settings.demo()) {
        DemoFixture.Result r = new DemoFixture(database, accounts, tickets).loadBundled();
        log.info("demo: {} accounts and {} tickets loaded ({} changed)", r.accounts(), r.tickets(), r.ticketsChanged());
      }
      LineOverrides overrides = new LineOverrides(database, clock);
      config.onChange(c -> overrides.audit("config_reloaded", "astreinte", Map.of("summary", c.summary())));

      OncallEligibility eligibility =
          new OncallEligibility(database, () -> new OncallRules(config.current().rota().scope().priorities()));
      desk = new JournalingDesk(
          new TicketDesk(database, eligibility, new OnCallRequests(database), tickets, () -> config.current().escalation()),
          new Journal<>(settings.dataDir().resolve("journal").resolve("messages.jsonl"), OnCallDesk.OnCallMessage.class));
      callLog = new JournalingCallLog(new CallRecordStore(database),
          new Journal<>(settings.dataDir().resolve("journal").resolve("calls.jsonl"), CallRecord.class));
      engines.scheduleWithFixedDelay(this::replayJournal, 5, 30, TimeUnit.SECONDS);

      AgentQueue agents = startAmi();
      SupportLine line = new SupportLine(
          new CalendarSchedule(() -> config.current().calendar(), overrides::current),
          agents, desk, callLog, SupportLineSettings.defaults(), clock);

      agi = new FastAgiListener(
          new FastAgiListener.Settings(settings.agiAddress(), settings.agiPort(), settings.agiAllowedPeers(),
              10, settings.agiMaxCalls(), (int) Duration.ofMinutes(30).toMillis()),
          Map.of("support", new SupportScript(line, clock, settings.demo(), metrics)));
      agi.start();
      metrics.gauge("astreinte_agi_active_calls", agi, FastAgiListener::activeCalls);
      started.push(() -> agi.stop(settings.drainTimeout()));

      Json json = new Json();
      Router router = new Router()
          .get("/metrics", r -> HttpResponse.text(200, "text/plain; version=0.0.4; charset=utf-8", metrics.scrape()));
      HealthApi health = new HealthApi(database.dataSource(), Duration.ofSeconds(1), json);
      started.push(health::close);
      health.register(router);
      new AccountApi(accounts, json).register(router);
      new TicketApi(tickets, eligibility, json, clock).register(router);
      new OverrideApi(overrides, () -> config.current().calendar(), json, clock).register(router);
      HttpServer http = new HttpServer(router, json, apiToken, 64 * 1024, 8);
      httpAddress = http.start(new InetSocketAddress(settings.httpAddress(), settings.httpPort()));
      started.push(http);

      log.info("Astreinte ready: {} (config {})", settings, config.current().summary());
      return this;
    } catch (RuntimeException | InterruptedException e) {
      close();
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      throw e instanceof RuntimeException re ? re : new IllegalStateException(e);
    }
  }

  private AgentQueue startAmi() {
    Optional<String> host = settings.env("ASTREINTE_AMI_HOST");
    if (host.isEmpty()) {
      log.info("no ASTREINTE_AMI_HOST: running without the AMI link (agents assumed present, queue results still checked)");
      return queue -> Optional.empty();
    }
    AmiLink ami = new AmiLink(
        new AmiLink.Settings(host.get(), Integer.parseInt(settings.env("ASTREINTE_AMI_PORT").orElse("5038")),
            settings.env("ASTREINTE_AMI_USER").orElse("astreinte"), settings.env("ASTREINTE_AMI_SECRET").orElse(""),
            Duration.ofSeconds(60), Duration.ofSeconds(20), Duration.ofSeconds(2), Duration.ofSeconds(30)),
        (mailbox, fresh, old) -> log.info("messages waiting in {}: {} new", mailbox, fresh), clock);
    ami.start();
    started.push(ami);
    return ami;
  }

  /** Writes what the journals kept during a database outage; runs every 30 s, tests call it. */
  public void replayJournals() {
    replayJournal();
  }

  private void replayJournal() {
    try {
      desk.replayJournal();
      callLog.replayJournal();
    } catch (RuntimeException e) {
      log.warn("message journal replay failed: {}", e.toString());
    }
  }

  public Database database() {
    return database;
  }

  public InetSocketAddress httpAddress() {
    return httpAddress;
  }

  public PrometheusMeterRegistry metrics() {
    return metrics;
  }

  public ConfigWatcher config() {
    return config;
  }

  /** Stops in reverse order of start: calls drain first, the database goes last. */
  @Override
  public void close() {
    while (!started.isEmpty()) {
      AutoCloseable c = started.pop();
      try {
        c.close();
      } catch (Exception e) {
        log.warn("while stopping: {}", e.toString());
      }
    }
  }
}

package com.serveurcom.astreinte;

import com.serveurcom.astreinte.oncall.OnCallMessage;
import com.serveurcom.astreinte.account.AccountStore;
import com.serveurcom.astreinte.agi.FastAgiListener;
import com.serveurcom.astreinte.agi.SupportScript;
import com.serveurcom.astreinte.ami.AmiLink;
import com.serveurcom.astreinte.calendar.LineOverrides;
import com.serveurcom.astreinte.call.AgentQueue;
import com.serveurcom.astreinte.call.CalendarSchedule;
import com.serveurcom.astreinte.call.BackgroundCallLog;
import com.serveurcom.astreinte.call.CallRecordStore;
import com.serveurcom.astreinte.call.ClaimingDesk;
import com.serveurcom.astreinte.call.DatabaseOutage;
import com.serveurcom.astreinte.call.JournalingDesk;
import com.serveurcom.astreinte.call.Journal;
import com.serveurcom.astreinte.call.JournalingCallLog;
import com.serveurcom.astreinte.call.OnCallDesk;
import com.serveurcom.astreinte.call.OutageRefusals;
import com.serveurcom.astreinte.call.CallRecord;
import com.serveurcom.astreinte.call.SupportLine;
import com.serveurcom.astreinte.call.SupportLineSettings;
import com.serveurcom.astreinte.call.TicketDesk;
import com.serveurcom.astreinte.config.AstreinteConfig;
import com.serveurcom.astreinte.config.ConfigWatcher;
import com.serveurcom.astreinte.database.Database;
import com.serveurcom.astreinte.demo.DemoFixture;
import com.serveurcom.astreinte.simulator.DemoPbx;
import com.serveurcom.astreinte.escalation.EscalationEngine;
import com.serveurcom.astreinte.escalation.EscalationQuery;
import com.serveurcom.astreinte.escalation.EscalationRunner;
import com.serveurcom.astreinte.http.AccountApi;
import com.serveurcom.astreinte.http.OnCallApi;
import com.serveurcom.astreinte.http.SentMessagesApi;
import com.serveurcom.astreinte.http.MailResendApi;
import com.serveurcom.astreinte.mail.MailResends;
import com.serveurcom.astreinte.http.TwilioRoutes;
import com.serveurcom.astreinte.database.DatabaseWatch;
import com.serveurcom.astreinte.providers.PagerChoice;
import com.serveurcom.astreinte.paging.PagerWatchdog;
import com.serveurcom.astreinte.paging.PagingEngine;
import com.serveurcom.astreinte.providers.PagingModule;
import com.serveurcom.astreinte.twilio.XmlFactories;
import com.serveurcom.astreinte.paging.SignedUrls;
import com.serveurcom.astreinte.http.EscalationApi;
import com.serveurcom.astreinte.http.ReportApi;
import com.serveurcom.astreinte.report.Reports;
import com.serveurcom.astreinte.http.BearerToken;
import com.serveurcom.astreinte.http.HealthApi;
import com.serveurcom.astreinte.http.TicketApi;
import com.serveurcom.astreinte.http.HttpResponse;
import com.serveurcom.astreinte.http.HttpServer;
import com.serveurcom.astreinte.http.JsonBodies;
import com.serveurcom.astreinte.http.OverrideApi;
import com.serveurcom.astreinte.http.Router;
import com.serveurcom.astreinte.oncall.OnCallRequests;
import com.serveurcom.astreinte.oncall.OnCallEligibility;
import com.serveurcom.astreinte.oncall.OnCallRules;
import com.serveurcom.astreinte.outbox.EngineHeartbeat;
import com.serveurcom.astreinte.ticket.SlaPolicy;
import com.serveurcom.astreinte.ticket.TicketStore;
import com.serveurcom.astreinte.voicemail.RecordingStore;
import com.serveurcom.astreinte.voicemail.VoicemailSettings;
import com.serveurcom.astreinte.voicemail.VoicemailIntake;
import com.serveurcom.astreinte.voicemail.VoicemailSpool;
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
import java.util.List;
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
  private Optional<VoicemailIntake> intake = Optional.empty();
  private volatile AmiLink ami;
  private volatile DemoPbx demoPbx;
  private final PrometheusMeterRegistry metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

  public Astreinte(ServerSettings settings, Clock clock) {
    this.settings = settings;
    this.clock = clock;
  }

  /**
   * Starts everything; on failure stops what was started and rethrows. The ports are bound before
   * any engine starts: a server that cannot listen sends nothing (no escalation, no page) and
   * fails with a {@link StartRefused}, as it does without a real pager or when another server
   * already uses its data directory.
   */
  public Astreinte start(AstreinteConfig initialConfig, BearerToken apiToken) {
    try {
      Settings env = settings.environment();
      // Every bad variable said at once, before anything starts.
      java.util.List<String> problems = new java.util.ArrayList<>(env.problems());
      PagerChoice pager = null;
      try {
        pager = PagerChoice.choose(env.pager(), env.twilio(), settings.demo());
      } catch (PagerChoice.NoPager e) {
        problems.add(e.getMessage());
      }
      if (!problems.isEmpty()) {
        throw new StartRefused(StartRefused.CONFIGURATION, problems.size() == 1 ? problems.get(0)
            : problems.size() + " réglages à corriger dans l'environnement :\n  - " + String.join("\n  - ", problems));
      }
      com.serveurcom.astreinte.web.WebConfig.Loaded webConfig = com.serveurcom.astreinte.web.WebConfig.load(settings.configDir());
      if (webConfig instanceof com.serveurcom.astreinte.web.WebConfig.Loaded.Invalid invalid) {
        throw new StartRefused(StartRefused.CONFIGURATION, "pages web invalides (" + invalid.problems().size()
            + " problème(s)) :\n  - " + String.join("\n  - ", invalid.problems().stream().map(Object::toString).toList()));
      }
      log.info("réglages de l'environnement : {}", env);
      started.push(DataDirectoryLock.take(settings.dataDir()));
      // Fail fast, before PostgreSQL starts, with one line; the listeners bind for real below,
      // still before any engine runs.
      refuseIfTaken("FastAGI", settings.agiAddress(), settings.agiPort());
      refuseIfTaken("HTTP", settings.httpAddress(), settings.httpPort());
      XmlFactories.preferJdkImplementations();
      new JvmMemoryMetrics().bindTo(metrics);
      new JvmThreadMetrics().bindTo(metrics);
      new ProcessorMetrics().bindTo(metrics);
      ScheduledExecutorService engines = Executors.newScheduledThreadPool(2, r -> {
        Thread t = new Thread(r, "astreinte-engine");
        t.setDaemon(true);
        return t;
      });

      config = new ConfigWatcher(settings.configDir(), initialConfig);
      config.start(engines, Duration.ofSeconds(2));
      started.push(config);

      // Calls and the API share this pool; a call waits on it while the caller listens.
      // Closed by close(), last: not by the library's shutdown hook while calls drain.
      database = Database.start(env.database().config(settings.dataDir().resolve("postgres")).withClosedByOwner());
      started.push(database);
      DatabaseWatch databaseWatch = new DatabaseWatch(database, clock);
      databaseWatch.start();
      started.push(databaseWatch);
      // The paging and escalation engines have their own: under a burst of registrations each one means
      // a page to send, and that work must queue for its connections, not for the calls'.
      // At least 2: the outbox listener keeps one connection for itself.
      Database engineDatabase = database.separatePool("astreinte-engines", env.database().enginePoolSize());
      started.push(engineDatabase);
      // Stopped before the database: a scan or a journal replay must not outlive the pool.
      started.push(engines::shutdownNow);

      // The policy in force at each use: a reloaded calendar or target applies at once.
      SlaPolicy sla = new SlaPolicy() {
        @Override
        public com.serveurcom.astreinte.ticket.SlaDeadlines deadlines(com.serveurcom.astreinte.ticket.Priority priority,
            java.time.Instant from, boolean onCall) {
          return config.current().slaPolicy().deadlines(priority, from, onCall);
        }

        @Override
        public Optional<java.time.Instant> businessHoursResume(java.time.Instant at) {
          return config.current().slaPolicy().businessHoursResume(at);
        }
      };
      AccountStore accounts = new AccountStore(database, clock);
      TicketStore tickets = new TicketStore(database, sla, clock);
      if (settings.demo()) {
        // A restart keeps what the person changed; serve --demo --reset puts the fixture back on purpose.
        boolean reset = settings.reset();
        DemoFixture.Result r = new DemoFixture(database, accounts, tickets)
            .loadBundled(reset ? DemoFixture.Mode.RESET : DemoFixture.Mode.KEEP_CHANGES);
        log.info("démonstration : {} comptes et {} demandes, {} {}", r.accounts(), r.tickets(), r.ticketsChanged(),
            reset ? "remises dans leur état initial (--reset)" : "ajoutées (les autres gardent leurs modifications ;"
                + " serve --demo --reset pour tout remettre)");
      }
      LineOverrides overrides = new LineOverrides(database, clock);
      io.micrometer.core.instrument.MultiGauge configInfo = io.micrometer.core.instrument.MultiGauge
          .builder("astreinte_config_digest").description("The config in force, by the digest of its files (always 1)")
          .register(metrics);
      Runnable showDigest = () -> configInfo.register(List.of(io.micrometer.core.instrument.MultiGauge.Row.of(
          io.micrometer.core.instrument.Tags.of("digest", config.digest()), 1)), true);
      showDigest.run();
      config.onChange(c -> showDigest.run());
      config.onChange(c -> overrides.audit("config_reloaded", "astreinte", Map.of("summary", c.summary())));

      VoicemailSettings vm = env.voicemail();
      RecordingStore recordings = new RecordingStore(settings.dataDir().resolve("recordings"), database);
      intake = vm.spool().map(root -> new VoicemailIntake(new VoicemailSpool(root, vm.mailbox()), recordings, database,
          clock, VoicemailIntake.Settings.defaults().withRetention(vm.retention())));
      if (intake.isEmpty()) {
        log.warn("variable {} absente : les messages d'astreinte ne sont ni copiés ni rattachés, et le filet de sécurité du spool est désactivé",
            VoicemailSettings.ENV_SPOOL);
      }

      EscalationEngine escalation = new EscalationEngine(engineDatabase, () -> config.current().escalation(),
          at -> config.current().calendar().status(at, overrides.current().orElse(null)).open(),
          EscalationEngine.DEFAULT_WARNING_LEAD);
      EscalationRunner escalations = new EscalationRunner(escalation, clock);
      started.push(escalations);

      OnCallEligibility eligibility =
          new OnCallEligibility(database, () -> new OnCallRules(config.current().rota().scope().priorities()));
      OnCallDesk ticketDesk =
          new TicketDesk(database, eligibility, new OnCallRequests(database), tickets, () -> config.current().escalation(),
              escalations::wake);
      // The journal's replay goes through the claim too: a message kept during an outage is copied when it lands.
      DatabaseOutage outage = new DatabaseOutage(10, TimeUnit.SECONDS);
      Journal<OnCallMessage> messages =
          new Journal<>(settings.dataDir().resolve("journal").resolve("messages.jsonl"), OnCallMessage.class);
      // A message journalled while the database was down is checked on replay: ineligible, it is refused, not paged.
      OutageRefusals refusals = new OutageRefusals(database,
          at -> Optional.ofNullable(config.current().calendar().status(at, overrides.current().orElse(null)).nextChange()),
          config.current().calendar().zone(),
          (m, reason) -> intake.ifPresent(i -> i.setAside(m.messageFile(), m.callId(), m.ticketNumber())),
          () -> config.current().messages(), clock);
      desk = new JournalingDesk(
          intake.<OnCallDesk>map(i -> new ClaimingDesk(ticketDesk, i)).orElse(ticketDesk), messages, outage, refusals);
      callLog = new JournalingCallLog(new CallRecordStore(database),
          new Journal<>(settings.dataDir().resolve("journal").resolve("calls.jsonl"), CallRecord.class));
      BackgroundCallLog callRecords = new BackgroundCallLog(callLog, 10_000);
      started.push(callRecords);

      String workerId = workerId();
      // Other instances on the database take this one's claimed pages within seconds of its death.
      EngineHeartbeat heartbeat = new EngineHeartbeat(engineDatabase, workerId, env.engines().instanceDeadAfter());
      started.push(heartbeat);
      // One signer for the pages' links and the routes that check them.
      Optional<SignedUrls> signer = env.signer(clock);
      // E-mail (issue 14): the operator's relay, or off (each e-mail kept in the database, bin/astreinte mails).
      com.serveurcom.astreinte.mail.Mailing mailing = env.mail()
          .map(m -> com.serveurcom.astreinte.mail.Mailing.smtp(m, env.publicUrl()))
          .orElseGet(() -> com.serveurcom.astreinte.mail.Mailing.kept(env.publicUrl()));
      if (env.mail().isPresent()) {
        log.info("courriels envoyés par le relais SMTP {}", env.mail().get());
      } else if (settings.demo()) {
        log.info("courriel désactivé (variable {} absente) : en démonstration, les courriels sont conservés dans la base"
            + " et listés par « bin/astreinte mails », aucun n'est envoyé", Settings.SMTP_URL);
      } else {
        log.warn("courriel désactivé : variable {} absente ; les courriels aux responsables et aux clients sont"
            + " conservés dans la base (bin/astreinte mails), aucun n'est envoyé", Settings.SMTP_URL);
      }
      // Issue 13: voice pages through the operator's Asterisk (AMI Originate), as astreinte.yaml's voix section says.
      com.serveurcom.astreinte.pbx.AsteriskPager pbxPager = new com.serveurcom.astreinte.pbx.AsteriskPager(
          () -> ami, () -> config.current().rota().voice(), engineDatabase, clock, Duration.ofSeconds(1), metrics);
      PagingModule paging = new PagingModule(pager, env.publicUrl(), signer, engineDatabase, tickets,
          () -> config.current().rota(), () -> config.current().messages(), clock, metrics,
          () -> ami == null ? null : ami.downSince().orElse(null),
          PagingEngine.Settings.defaults(workerId).withLease(env.engines().pagingLease()),
          PagerWatchdog.Settings.defaults().withDatabaseDownAfter(env.database().downAlarm()), mailing,
          Optional.of(pbxPager));
      started.push(paging);
      pbxPager.outcomesTo(paging.acknowledgements()::callOutcome);

      AgentQueue agents = startAmi();
      if (ami != null) {
        ami.listen(pbxPager.events());
      }
      SupportLine line = new SupportLine(
          new CalendarSchedule(() -> config.current().calendar(), overrides::current, outage),
          agents, desk, callRecords, SupportLineSettings.defaults(), clock);

      agi = new FastAgiListener(
          new FastAgiListener.Settings(settings.agiAddress(), settings.agiPort(), env.agiAllowedPeers(),
              10, settings.agiMaxCalls(), (int) Duration.ofMinutes(30).toMillis()),
          Map.of("support", new SupportScript(line, clock, settings.demo(), metrics),
              "page", new com.serveurcom.astreinte.pbx.PageScript(pbxPager, database, paging.acknowledgements(),
                  () -> config.current().rota().voice(), clock, com.serveurcom.astreinte.pbx.PageScript.Settings.defaults(),
                  env.voicemail()::asteriskPath)));
      try {
        agi.start();
      } catch (IllegalStateException e) {
        throw portTaken("FastAGI", settings.agiAddress(), settings.agiPort());
      }
      io.micrometer.core.instrument.Gauge.builder("astreinte_agi_active_calls", agi, FastAgiListener::activeCalls)
          .description("Calls in progress on the FastAGI port").register(metrics);
      started.push(() -> agi.stop(settings.drainTimeout()));

      JsonBodies json = new JsonBodies();
      Router router = new Router()
          .get("/metrics", r -> HttpResponse.text(200, "text/plain; version=0.0.4; charset=utf-8", metrics.scrape()));
      Map<String, java.util.function.Supplier<HealthApi.Part>> parts = new java.util.LinkedHashMap<>();
      parts.put("pager", () -> pagerState(paging));
      // Instances behind one proxy must show the same digest: one that differs runs another config.
      parts.put("config", () -> HealthApi.Part.up(config.digest()));
      if (ami != null) {
        AmiLink link = ami;
        parts.put("ami", () -> link.downSince().map(d -> HealthApi.Part.down("down since " + d))
            .orElse(HealthApi.Part.up("connected")));
      }
      HealthApi health = new HealthApi(database.dataSource(), Duration.ofSeconds(1), json, parts);
      started.push(health::close);
      health.register(router);
      new AccountApi(accounts, json).register(router);
      new TicketApi(tickets, eligibility, json, clock, () -> config.current().escalation()).register(router);
      new EscalationApi(new EscalationQuery(database), json).register(router);
      new OnCallApi(paging.acknowledgements(), json).register(router);
      new SentMessagesApi(paging.pageLog(), paging.mailLog(), json).register(router);
      new MailResendApi(new MailResends(database), json, clock).register(router);
      new TwilioRoutes(paging.webhooks(), env.publicUrl(), signer, recordings).register(router);
      ReportApi reportApi = new ReportApi(new Reports(database), json, clock);
      reportApi.register(router);
      new OverrideApi(overrides, () -> config.current().calendar(), json, clock).register(router);
      if (demoPbx != null) {
        new com.serveurcom.astreinte.http.DemoPbxApi(demoPbx, json, prompt -> {
          try {
            return com.serveurcom.astreinte.prompt.PromptTexts.load(settings.configDir()).texts().get(prompt);
          } catch (com.serveurcom.astreinte.prompt.PromptTexts.PromptException e) {
            return null;
          }
        }).register(router);
      }
      // Issue 15: the technician's page (signed link of the SMS) and the supervisor's board at /.
      // The pages' templates and texts are the administrators' (config/web/, checked before anything
      // starts), reloaded when they change.
      com.serveurcom.astreinte.web.WebConfigWatcher pages = new com.serveurcom.astreinte.web.WebConfigWatcher(
          settings.configDir(), ((com.serveurcom.astreinte.web.WebConfig.Loaded.Valid) webConfig).config());
      pages.start(engines, Duration.ofSeconds(2));
      started.push(pages);
      new com.serveurcom.astreinte.web.TechnicianPage(database, signer, paging.acknowledgements(),
          () -> config.current().rota(), pages, env.publicUrl(), clock).register(router);
      new com.serveurcom.astreinte.web.Board(
          new com.serveurcom.astreinte.web.Board.Sources(database, overrides, () -> config.current().calendar(),
              () -> config.current().rota(), reportApi::report),
          com.serveurcom.astreinte.web.BoardSessions.forServer(env.publicUrl(), env.signingSecret()),
          env.boardPassword(), apiToken, pages,
          new com.serveurcom.astreinte.web.LoginThrottle(com.serveurcom.astreinte.web.LoginThrottle.Limits.defaults(),
              Clock.systemUTC()),
          env.trustedProxies(), env.publicUrl(), clock).register(router);
      HttpServer http = new HttpServer(router, json, apiToken, 64 * 1024, 8);
      try {
        httpAddress = http.start(new InetSocketAddress(settings.httpAddress(), settings.httpPort()));
      } catch (IllegalStateException e) {
        throw portTaken("HTTP", settings.httpAddress(), settings.httpPort());
      }
      started.push(http);

      // Both ports are ours: now the parts that send may run.
      escalations.start();
      heartbeat.start(engines);
      paging.start();
      intake.ifPresent(i -> i.start(engines));
      engines.scheduleWithFixedDelay(this::replayJournal, 5, 30, TimeUnit.SECONDS);
      engines.scheduleWithFixedDelay(() -> {
        try {
          paging.watchdog().checkDatabase(clock.instant(), databaseWatch.downSince(),
              databaseWatch.downSince().isPresent() ? messages.pending().size() : 0);
        } catch (RuntimeException e) {
          log.warn("échec de l'auto-surveillance de la base de données : {}", e.toString());
        }
      }, 5, 5, TimeUnit.SECONDS);

      log.info("serveur Astreinte prêt : {} (envoi des pages : {}, configuration : {})", settings, paging.pagerName(), config.current().summary());
      return this;
    } catch (RuntimeException | InterruptedException e) {
      close();
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      throw e instanceof RuntimeException re ? re : new IllegalStateException(e);
    }
  }

  private static void refuseIfTaken(String what, java.net.InetAddress address, int port) {
    if (port == 0) {
      return;
    }
    try (java.net.ServerSocket probe = new java.net.ServerSocket()) {
      probe.setReuseAddress(true);
      probe.bind(new InetSocketAddress(address, port));
    } catch (java.io.IOException e) {
      throw portTaken(what, address, port);
    }
  }

  private static StartRefused portTaken(String what, java.net.InetAddress address, int port) {
    return new StartRefused(StartRefused.IN_USE, "le port " + what + " " + address.getHostAddress() + ":" + port
        + " est déjà pris (un autre serveur tourne-t-il ?) : rien n'a été envoyé.");
  }

  /** The pager is ready unless the watchdog has an open incident on what pages go through. */
  private static HealthApi.Part pagerState(PagingModule paging) {
    var open = paging.watchdog().active();
    open.remove(PagerWatchdog.Incident.AMI_DOWN); // reported as the AMI part
    return open.isEmpty() ? HealthApi.Part.up(paging.pagerName())
        : HealthApi.Part.down(paging.pagerName() + ": " + open.toString().toLowerCase());
  }

  private AgentQueue startAmi() {
    Optional<Settings.Ami> account = settings.environment().ami();
    if (account.isEmpty() && settings.demo() && config.current().rota().voice().usesAsterisk()) {
      // serve --demo with voice pages through Asterisk and no PBX: the demo's own, on loopback. Its calls
      // ring until bin/astreinte simulate-page picks them up, then reach our FastAGI port like Asterisk's.
      try {
        DemoPbx pbx = new DemoPbx(() -> agi == null ? settings.agiPort() : agi.port());
        started.push(pbx);
        demoPbx = pbx;
        account = Optional.of(new Settings.Ami(pbx.host(), pbx.port(), DemoPbx.USER, pbx.secret()));
        log.info("démonstration : Asterisk simulé sur {}:{} (AMI) ; ses appels d'astreinte sonnent jusqu'à"
            + " « bin/astreinte simulate-page »", pbx.host(), pbx.port());
      } catch (java.io.IOException e) {
        throw new IllegalStateException("Asterisk simulé de la démonstration impossible à lancer : " + e.getMessage(), e);
      }
    }
    if (account.isEmpty()) {
      log.info("variable " + Settings.AMI_HOST + " absente : fonctionnement sans lien AMI (agents supposés présents, résultat de la file d'attente toujours vérifié)");
      return queue -> Optional.empty();
    }
    ami = new AmiLink(
        new AmiLink.Settings(account.get().host(), account.get().port(), account.get().user(), account.get().secret(),
            Duration.ofSeconds(60), Duration.ofSeconds(20), Duration.ofSeconds(2), Duration.ofSeconds(30)),
        (mailbox, fresh, old) -> intake.ifPresent(i -> i.messagesWaiting(mailbox, fresh, old)), clock);
    ami.start();
    started.push(ami);
    return ami;
  }

  /** This instance's name in outbox leases: host and process id. */
  private static String workerId() {
    String host;
    try {
      host = java.net.InetAddress.getLocalHost().getHostName();
    } catch (java.io.IOException e) {
      host = "astreinte";
    }
    return host + ":" + ProcessHandle.current().pid();
  }

  /** Writes what the journals kept during a database outage; runs every 30 s, tests call it. */
  public void replayJournals() {
    replayJournal();
  }

  private void replayJournal() {
    try {
      // Call records first: a message refused on replay turns its call's record into a refusal.
      callLog.replayJournal();
      desk.replayJournal();
    } catch (RuntimeException e) {
      log.warn("échec de la relecture du journal des messages : {}", e.toString());
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
        log.warn("pendant l'arrêt : {}", e.toString());
      }
    }
  }
}

package com.serveurcom.astreinte.providers;

import com.serveurcom.astreinte.config.MessageTexts;
import com.serveurcom.astreinte.database.Database;
import com.serveurcom.astreinte.mail.MailLog;
import com.serveurcom.astreinte.mail.Mailing;
import com.serveurcom.astreinte.outbox.Outbox;
import com.serveurcom.astreinte.rota.Rota;
import com.serveurcom.astreinte.ticket.TicketStore;
import com.serveurcom.astreinte.twilio.PageTwiml;
import com.serveurcom.astreinte.paging.Acknowledgements;
import com.serveurcom.astreinte.paging.LogPager;
import com.serveurcom.astreinte.paging.OutboxListener;
import com.serveurcom.astreinte.paging.PageLog;
import com.serveurcom.astreinte.paging.Pager;
import com.serveurcom.astreinte.paging.PagerWatchdog;
import com.serveurcom.astreinte.paging.PagingEngine;
import com.serveurcom.astreinte.paging.PagingLinks;
import com.serveurcom.astreinte.paging.PagingMetrics;
import com.serveurcom.astreinte.paging.PagingRunner;
import com.serveurcom.astreinte.paging.PagingTexts;
import com.serveurcom.astreinte.paging.SignedUrls;
import com.serveurcom.astreinte.paging.VoiceRouting;
import com.serveurcom.astreinte.paging.VoiceScripts;
import com.serveurcom.astreinte.twilio.TwilioHttp;
import com.serveurcom.astreinte.twilio.TwilioPager;
import com.serveurcom.astreinte.twilio.TwilioPagerAdapter;
import com.serveurcom.astreinte.twilio.TwilioSettings;
import com.serveurcom.astreinte.twilio.TwilioVoiceScripts;
import com.serveurcom.astreinte.twilio.TwilioWebhooks;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Paging assembled for the composition root: Twilio when {@code TWILIO_ACCOUNT_SID}/{@code TWILIO_AUTH_TOKEN}
 * are set, else {@link LogPager}; the engine, its runner, the NOTIFY listener, the watchdog, the
 * acknowledgements and the Twilio webhooks. {@link #start} starts the threads, {@link #close} stops them.
 */
public final class PagingModule implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(PagingModule.class);

  private final TwilioHttp http;
  private final PagingEngine engine;
  private final PagingRunner runner;
  private final OutboxListener listener;
  private final PagerWatchdog watchdog;
  private final Acknowledgements acknowledgements;
  private final TwilioWebhooks webhooks;
  private final PageLog pageLog;
  private final MailLog mailLog;

  /**
   * A module with the log pager and default settings (tests).
   *
   * @param rota         the current rota (reloaded config): {@code () -> configHolder.get().rota()}
   * @param messages     the current texts (reloaded config): {@code () -> configHolder.get().messages()}
   * @param amiDownSince when the AMI link went down, null while up
   * @param workerId     this instance's name in outbox leases (host name + pid, say)
   */
  public PagingModule(Database database, TicketStore tickets, Supplier<Rota> rota, Supplier<MessageTexts> messages,
      Clock clock, MeterRegistry registry, Supplier<Instant> amiDownSince, String workerId) {
    this(new PagerChoice("log", Optional.empty()), Optional.empty(), Optional.empty(), database, tickets, rota, messages,
        clock, registry, amiDownSince, PagingEngine.Settings.defaults(workerId), PagerWatchdog.Settings.defaults());
  }

  /**
   * @param choice    the pager chosen at start (a server refuses to start without a real one, see {@link PagerChoice})
   * @param publicUrl {@code ASTREINTE_PUBLIC_URL} when set (Twilio's own public base wins)
   * @param signer    the server's one URL signer, empty without {@code ASTREINTE_URL_SIGNING_SECRET}
   * @param engineSettings the paging engine's settings (worker id, lease)
   */
  public PagingModule(PagerChoice choice, Optional<URI> publicUrl, Optional<SignedUrls> signer, Database database,
      TicketStore tickets, Supplier<Rota> rota, Supplier<MessageTexts> messages, Clock clock, MeterRegistry registry,
      Supplier<Instant> amiDownSince, PagingEngine.Settings engineSettings, PagerWatchdog.Settings watchdogSettings) {
    this(choice, publicUrl, signer, database, tickets, rota, messages, clock, registry, amiDownSince, engineSettings,
        watchdogSettings, Mailing.kept(publicUrl), Optional.empty());
  }

  /**
   * @param mailing  how e-mails go out (issue 14): the operator's relay, or kept in the database
   * @param pbxVoice the voice pager through the operator's PBX (AMI Originate), empty without an AMI link:
   *                 the {@code voix} section of astreinte.yaml says whether voice pages go through it or
   *                 Twilio, and which one is the fallback ({@link VoiceRouting})
   */
  public PagingModule(PagerChoice choice, Optional<URI> publicUrl, Optional<SignedUrls> signer, Database database,
      TicketStore tickets, Supplier<Rota> rota, Supplier<MessageTexts> messages, Clock clock, MeterRegistry registry,
      Supplier<Instant> amiDownSince, PagingEngine.Settings engineSettings, PagerWatchdog.Settings watchdogSettings,
      Mailing mailing, Optional<Pager> pbxVoice) {
    Optional<TwilioSettings> twilio = choice.twilio();
    Outbox outbox = new Outbox(database);
    Supplier<PagingTexts> texts = () -> new PagingTexts(messages.get());
    PageTwiml twiml = new PageTwiml(texts);
    URI publicBase = twilio.map(TwilioSettings::publicBaseUrl).orElseGet(() ->
        publicUrl.orElse(PagingLinks.DEFAULT_PUBLIC_BASE));
    if (signer.isEmpty()) {
      LOG.warn("{} non définie : les liens des enregistrements dans les appels vocaux ne sont pas signés", SignedUrls.ENV_SECRET);
    }
    PagingLinks links = PagingLinks.of(publicBase, signer);
    Pager direct;
    if (twilio.isPresent()) {
      http = new TwilioHttp(twilio.get().apiBase());
      direct = new TwilioPagerAdapter(new TwilioPager(twilio.get(), http), twilio.get());
      LOG.info("appels d'astreinte par Twilio : {}", twilio.get());
    } else {
      http = null;
      direct = new LogPager();
      LOG.warn("appels d'astreinte journalisés seulement (ASTREINTE_PAGER=log) : enregistrés, non envoyés (bin/astreinte pages les liste)");
    }
    PagingMetrics metrics = new PagingMetrics(registry);
    Pager pager = new VoiceRouting(direct, pbxVoice, () -> rota.get().voice(), metrics);
    metrics.registerOutboxAge(outbox, clock);
    VoiceScripts voice = new TwilioVoiceScripts(twiml, publicBase);
    watchdog = new PagerWatchdog(outbox, rota, texts, pager, voice, amiDownSince, watchdogSettings, mailing);
    engine = new PagingEngine(database, outbox, rota, texts, pager, voice, links, metrics, watchdog,
        engineSettings, mailing);
    runner = new PagingRunner(engine, watchdog, clock);
    listener = new OutboxListener(database.dataSource(), runner::wake);
    acknowledgements = new Acknowledgements(database, outbox, tickets, rota, texts, links, metrics, clock, runner::wake);
    webhooks = TwilioWebhooks.create(twilio, acknowledgements, twiml, clock);
    pageLog = new PageLog(database);
    mailLog = new MailLog(database);
  }

  public void start() {
    runner.start();
    listener.start();
  }

  /** In-process hook: call after queuing a row to page without waiting for NOTIFY (optional). */
  public void wake() {
    runner.wake();
  }

  public Acknowledgements acknowledgements() {
    return acknowledgements;
  }

  public TwilioWebhooks webhooks() {
    return webhooks;
  }

  public PageLog pageLog() {
    return pageLog;
  }

  /** {@code twilio} or {@code log}. */
  public String pagerName() {
    return http == null ? "log" : "twilio";
  }

  /** The e-mails sent or kept ({@code astreinte mails}). */
  public MailLog mailLog() {
    return mailLog;
  }

  public PagerWatchdog watchdog() {
    return watchdog;
  }

  public PagingEngine engine() {
    return engine;
  }

  @Override
  public void close() {
    listener.close();
    runner.close();
    engine.close();
    if (http != null) {
      http.close();
    }
  }
}

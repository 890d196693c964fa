package com.serveurcom.astreinte.paging;

import com.serveurcom.astreinte.database.Database;
import com.serveurcom.astreinte.outbox.Outbox;
import com.serveurcom.astreinte.outbox.OutboxCodec;
import com.serveurcom.astreinte.outbox.OutboxMessage;
import com.serveurcom.astreinte.rota.Rota;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers the outbox rows of paging: {@link #runOnce} claims due rows with {@code FOR UPDATE SKIP
 * LOCKED} and a lease ({@link Outbox#claim}), so engines of several instances share one database
 * without sending a row twice at once (a row whose worker died comes back when its lease ends), reads
 * each row's {@link OutboxMessage} and hands it to the handler of its kind; the outcome becomes the
 * row's {@code sent}, a retry after a backoff, or {@code failed}.
 *
 * <p>The handlers: {@link PageChain} (pages, follow-ups, breach; who and when is {@link ChannelPolicy}'s),
 * {@link OrphanPages}, {@link CustomerMessages}, {@link EscalationNotices}, {@link DeadlineWarnings}. They
 * send through {@link PartSender}, which writes each send ahead in {@code page_attempt}; the provider is a
 * {@link Pager} and a {@link VoiceScripts}, so a second provider is a new implementation of those two.
 */
public final class PagingEngine implements AutoCloseable {
  public static final List<String> KINDS = OutboxMessage.Kind.codes(OutboxMessage.Kind.values());

  private static final Logger LOG = LoggerFactory.getLogger(PagingEngine.class);

  /**
   * @param workerId    written in {@code outbox.locked_by}: which instance holds a row
   * @param batchSize   rows claimed per pass
   * @param lease       how long a claimed row is ours; must exceed the slowest pass (Twilio timeouts 20 s/send)
   * @param firstBackoff delay before the 2nd attempt of a row, doubled each time up to {@code maxBackoff}
   * @param maxAttempts then the row is marked failed (the chain's next step still runs)
   * @param parallelism rows of one pass delivered at once: a slow provider answer must not hold up the
   *                    other technicians' pages (each row is independent; its parts stay in order)
   */
  public record Settings(String workerId, int batchSize, Duration lease, Duration firstBackoff, Duration maxBackoff,
      int maxAttempts, int parallelism) {
    public Settings {
      Objects.requireNonNull(workerId, "workerId");
      if (batchSize < 1 || maxAttempts < 1 || parallelism < 1) {
        throw new IllegalArgumentException("la taille des lots, le nombre d'essais et le parallélisme doivent être positifs");
      }
    }

    /**
     * Seconds a claimed row stays ours ({@code ASTREINTE_PAGING_LEASE_SECONDS}, 60 to 600, 180 by
     * default). It must outlast the slowest delivery of a row (its parts at up to 20 s each with
     * the ambiguous-failure lookup) so a live instance's send is never taken from it; it only
     * decides when the holder is alive but stuck, or runs no heartbeat: a dead instance's rows are
     * taken when its heartbeat stops (EngineHeartbeat). 3 minutes is a tenth of the 30-minute
     * commitment.
     */
    public static final String ENV_LEASE = "ASTREINTE_PAGING_LEASE_SECONDS";
    public static final Duration DEFAULT_LEASE = Duration.ofMinutes(3);
    public static final Duration LEAST_LEASE = Duration.ofSeconds(60);
    public static final Duration MOST_LEASE = Duration.ofSeconds(600);

    public static Settings defaults(String workerId) {
      return new Settings(workerId, 20, DEFAULT_LEASE, Duration.ofSeconds(5), Duration.ofMinutes(2), 10, 4);
    }

    public Settings withLease(Duration newLease) {
      return new Settings(workerId, batchSize, newLease, firstBackoff, maxBackoff, maxAttempts, parallelism);
    }
  }

  private final Outbox outbox;
  private final Settings settings;
  private final ExecutorService workers;
  private final ExecutorService partThreads;
  private final PageChain pages;
  private final PersonPages persons;
  private final OrphanPages orphans;
  private final CustomerMessages customers;
  private final EscalationNotices escalations;
  private final DeadlineWarnings warnings;
  private final EmailMessages emails;
  private final CustomerCalls customerCalls;

  /** @param texts the texts in force (reloaded config): read at each send */
  public PagingEngine(Database database, Outbox outbox, Supplier<Rota> rota, Supplier<PagingTexts> texts, Pager pager,
      VoiceScripts voice, PagingLinks links, PagingMetrics metrics, PagingHealth health, Settings settings) {
    this(database, outbox, rota, texts, pager, voice, links, metrics, health, settings,
        com.serveurcom.astreinte.mail.Mailing.kept(java.util.Optional.empty()));
  }

  /** @param mailing how e-mails go out (issue 14): an SMTP relay, or kept in the database when e-mail is off */
  public PagingEngine(Database database, Outbox outbox, Supplier<Rota> rota, Supplier<PagingTexts> texts, Pager pager,
      VoiceScripts voice, PagingLinks links, PagingMetrics metrics, PagingHealth health, Settings settings,
      com.serveurcom.astreinte.mail.Mailing mailing) {
    this.outbox = Objects.requireNonNull(outbox, "outbox");
    this.settings = Objects.requireNonNull(settings, "settings");
    AtomicInteger parts = new AtomicInteger();
    // Bounded by the rows delivered at once times a row's few parts; idle threads go after a minute.
    int partCount = Math.max(4, settings.parallelism() * 4);
    ThreadPoolExecutor partPool = new ThreadPoolExecutor(partCount, partCount, 60, TimeUnit.SECONDS,
        new LinkedBlockingQueue<>(), r -> daemon(r, "paging-part-" + parts.incrementAndGet()));
    partPool.allowCoreThreadTimeOut(true);
    this.partThreads = partPool;
    AtomicInteger n = new AtomicInteger();
    this.workers = settings.parallelism() == 1 ? null
        : Executors.newFixedThreadPool(settings.parallelism(), r -> daemon(r, "paging-send-" + n.incrementAndGet()));
    PartSender sender = new PartSender(database, pager, metrics, health, partThreads);
    DutyCache duty = new DutyCache();
    this.persons = new PersonPages(database, rota, sender, metrics);
    this.pages = new PageChain(database, rota, duty, sender, voice, links, metrics, texts, persons);
    this.orphans = new OrphanPages(rota, duty, sender, voice, links, texts);
    this.customers = new CustomerMessages(sender);
    this.customerCalls = new CustomerCalls(database, rota, sender, voice, texts);
    this.escalations = new EscalationNotices(sender, voice, texts);
    this.warnings = new DeadlineWarnings(database, rota, duty, sender, texts);
    this.emails = new EmailMessages(database, mailing.mailer(),
        () -> new com.serveurcom.astreinte.mail.MailTexts(texts.get().messages()), rota, mailing.publicUrl(),
        mailing.domain());
  }

  private static Thread daemon(Runnable r, String name) {
    Thread t = new Thread(r, name);
    t.setDaemon(true);
    return t;
  }

  /** Stops the delivery threads (rows being delivered are finished or come back after their lease). */
  @Override
  public void close() {
    if (workers != null) {
      workers.shutdown();
    }
    partThreads.shutdown();
  }

  public Settings settings() {
    return settings;
  }

  /** One pass: claims the due rows and delivers them. @return how many rows were claimed */
  public int runOnce(Instant now) {
    List<Outbox.Item> items = outbox.claim(KINDS, settings.batchSize(), settings.workerId(), settings.lease(), now);
    if (workers == null || items.size() == 1) {
      items.forEach(item -> deliver(item, now));
      return items.size();
    }
    List<Future<?>> running = new ArrayList<>();
    for (Outbox.Item item : items) {
      running.add(workers.submit(() -> deliver(item, now)));
    }
    for (Future<?> f : running) {
      try {
        f.get();
      } catch (ExecutionException e) {
        LOG.error("échec d'un fil d'envoi de l'outbox", e.getCause());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    return items.size();
  }

  /** When the next row falls due (the runner sleeps until then unless woken). */
  public Optional<Instant> nextDue() {
    return outbox.nextDue(KINDS);
  }

  private void deliver(Outbox.Item item, Instant now) {
    Outcome outcome;
    try {
      outcome = dispatch(item, item.message(), now);
    } catch (OutboxCodec.UnknownVersion e) {
      // Written by a newer build sharing the database: left for it, never misread, never failed here.
      Instant later = now.plus(settings.maxBackoff());
      LOG.warn("ligne d'outbox {} ({}) : {} ; laissée à une version qui sait la lire (nouvel examen à {})", item.id(),
          item.kind(), e.getMessage(), later);
      outbox.retryAt(item.id(), e.getMessage(), later);
      return;
    } catch (OutboxCodec.UnreadablePayload e) {
      outcome = Outcome.failed("unreadable payload: " + e.getMessage());
    } catch (RuntimeException e) {
      // The database or a bug: the row comes back after a backoff instead of blocking the batch.
      LOG.error("ligne d'outbox {} ({}) : envoi impossible", item.id(), item.kind(), e);
      outcome = Outcome.retry(String.valueOf(e.getMessage()));
    }
    finish(item, outcome, now);
  }

  /** One handler per kind: the switch over the sealed kinds is checked complete by the compiler. */
  private Outcome dispatch(Outbox.Item item, OutboxMessage m, Instant now) {
    return switch (m.kind()) {
      case PAGE -> pages.page(item, (OutboxMessage.Page) m, now);
      case PAGE_FOLLOW_UP -> pages.followUp(item, (OutboxMessage.PageFollowUp) m, now);
      case ORPHAN_PAGE -> orphans.handle(item, (OutboxMessage.OrphanPage) m, now);
      case CUSTOMER_SMS -> customers.handle(item, (OutboxMessage.CustomerSms) m, now);
      case ESCALATION_NOTICE -> escalations.handle(item, (OutboxMessage.EscalationNotice) m, now);
      case DEADLINE_WARNING -> warnings.handle(item, (OutboxMessage.DeadlineWarning) m, now);
      case EMAIL -> emails.handle(item, (OutboxMessage.Email) m, now);
      case PERSON_PAGE -> persons.handle(item, (OutboxMessage.PersonPage) m, now);
      case CUSTOMER_CALL -> customerCalls.handle(item, (OutboxMessage.CustomerCall) m, now);
    };
  }

  private void finish(Outbox.Item item, Outcome outcome, Instant now) {
    switch (outcome.kind()) {
      case DONE -> outbox.sent(item.id(), now);
      case SENT -> { }
      case DEFERRED -> outbox.deferTo(item.id(), outcome.at());
      case FAILED -> {
        LOG.error("ligne d'outbox {} ({}) : échec définitif : {}", item.id(), item.kind(), Phones.maskAll(outcome.error()));
        outbox.failed(item.id(), outcome.error());
      }
      case RETRY -> {
        if (item.attempts() >= settings.maxAttempts()) {
          LOG.error("ligne d'outbox {} ({}) : échec après {} essais : {}", item.id(), item.kind(), item.attempts(),
              Phones.maskAll(outcome.error()));
          outbox.failed(item.id(), outcome.error());
        } else {
          Instant next = now.plus(backoff(item.attempts()));
          LOG.warn("ligne d'outbox {} ({}) : essai {} en échec, prochain à {} : {}", item.id(), item.kind(), item.attempts(), next,
              Phones.maskAll(outcome.error()));
          outbox.retryAt(item.id(), outcome.error(), next);
        }
      }
    }
  }

  Duration backoff(int attempts) {
    Duration d = settings.firstBackoff();
    for (int i = 1; i < attempts && d.compareTo(settings.maxBackoff()) < 0; i++) {
      d = d.multipliedBy(2);
    }
    return d.compareTo(settings.maxBackoff()) > 0 ? settings.maxBackoff() : d;
  }
}

package com.serveurcom.astreinte.ami;

import com.serveurcom.astreinte.call.AgentQueue;
import com.serveurcom.astreinte.pbx.PbxLink;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.asteriskjava.manager.ManagerConnection;
import org.asteriskjava.manager.ManagerConnectionFactory;
import org.asteriskjava.manager.ManagerConnectionState;
import org.asteriskjava.manager.ManagerEventListener;
import org.asteriskjava.manager.PingThread;
import org.asteriskjava.manager.ResponseEvents;
import org.asteriskjava.manager.action.OriginateAction;
import org.asteriskjava.manager.action.QueueSummaryAction;
import org.asteriskjava.manager.event.HangupEvent;
import org.asteriskjava.manager.event.OriginateResponseEvent;
import org.asteriskjava.manager.response.ManagerResponse;
import org.asteriskjava.manager.event.ConnectEvent;
import org.asteriskjava.manager.event.DisconnectEvent;
import org.asteriskjava.manager.event.ManagerEvent;
import org.asteriskjava.manager.event.MessageWaitingEvent;
import org.asteriskjava.manager.event.QueueSummaryEvent;
import org.asteriskjava.manager.internal.ManagerConnectionImpl;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Our link to the Asterisk manager interface. asterisk-java reconnects on its own only after a
 * first successful login and never notices a silent peer; this class retries the first login,
 * arms a socket read timeout with a ping well inside it so a dead link is seen, and moves event
 * handling off the library's single event thread (a blocking call there would stall every
 * response, asterisk-java issue #161).
 */
public final class AmiLink implements AgentQueue, PbxLink, AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(AmiLink.class);

  /** Where and how to reach the manager; the secret comes from the environment. */
  public record Settings(
      String host, int port, String user, String secret, Duration readTimeout, Duration pingInterval,
      Duration actionTimeout, Duration maxRetryDelay) {

    public Settings {
      if (pingInterval.compareTo(readTimeout) >= 0) {
        throw new IllegalArgumentException("AMI ping interval must be shorter than the read timeout");
      }
    }

    @Override
    public String toString() {
      return "AMI " + user + "@" + host + ":" + port; // never the secret
    }
  }

  private final Settings settings;
  private final MailboxWatcher mailboxes;
  private final Clock clock;
  private final ManagerConnection connection;
  private final ExecutorService events;
  private final ScheduledExecutorService retries;
  private final PingThread ping;
  private final AtomicReference<Instant> downSince;
  private volatile boolean closed;
  private volatile PbxLink.CallEvents callEvents;

  public AmiLink(Settings settings, MailboxWatcher mailboxes, Clock clock) {
    this.settings = settings;
    this.mailboxes = mailboxes;
    this.clock = clock;
    this.downSince = new AtomicReference<>(clock.instant());
    this.connection =
        new ManagerConnectionFactory(settings.host(), settings.port(), settings.user(), settings.secret())
            .createManagerConnection();
    if (connection instanceof ManagerConnectionImpl impl) {
      impl.setSocketReadTimeout((int) settings.readTimeout().toMillis());
      impl.setDefaultResponseTimeout(settings.actionTimeout().toMillis());
    }
    this.events = Executors.newSingleThreadExecutor(daemon("ami-events"));
    this.retries = Executors.newSingleThreadScheduledExecutor(daemon("ami-login"));
    this.ping = new PingThread(connection);
    ping.setInterval(settings.pingInterval().toMillis());
    ping.setTimeout(settings.actionTimeout().toMillis());
    ping.setDaemon(true);
    connection.addEventListener(new Listener());
  }

  /** Starts logging in, in the background; the server runs meanwhile and says so. */
  public void start() {
    retries.execute(() -> login(Duration.ofSeconds(1)));
  }

  private void login(Duration delay) {
    if (closed) {
      return;
    }
    try {
      connection.login("call,agent");
      downSince.set(null);
      log.info("{} : connecté", settings);
      if (!ping.isAlive()) {
        ping.start();
      }
    } catch (Exception e) {
      Duration next = delay.multipliedBy(2).compareTo(settings.maxRetryDelay()) > 0
          ? settings.maxRetryDelay() : delay.multipliedBy(2);
      log.warn("{} : échec de la connexion ({}) ; nouvel essai dans {} s", settings, e.getMessage(), delay.toSeconds());
      if (!closed) {
        retries.schedule(() -> login(next), delay.toMillis(), TimeUnit.MILLISECONDS);
      }
    }
  }

  public boolean connected() {
    return connection.getState() == ManagerConnectionState.CONNECTED;
  }

  /** Since when the link is down, or empty when it is up. */
  public Optional<Instant> downSince() {
    return Optional.ofNullable(downSince.get());
  }

  @Override
  public Optional<Boolean> agentsLoggedIn(String queue) {
    if (!connected()) {
      return Optional.empty();
    }
    try {
      ResponseEvents r =
          connection.sendEventGeneratingAction(new QueueSummaryAction(queue), settings.actionTimeout().toMillis());
      return r.getEvents().stream()
          .filter(QueueSummaryEvent.class::isInstance)
          .map(QueueSummaryEvent.class::cast)
          .filter(e -> queue.equals(e.getQueue()))
          .findFirst()
          .map(e -> e.getLoggedIn() != null && e.getLoggedIn() > 0);
    } catch (Exception e) {
      log.warn("{} : état de la file d'attente {} inconnu ({})", settings, queue, e.toString());
      return Optional.empty();
    }
  }

  @Override
  public Answer originate(Originate o) throws PbxUnavailable {
    if (!connected()) {
      throw new PbxUnavailable("lien AMI coupé", null);
    }
    OriginateAction a = new OriginateAction();
    a.setActionId(o.actionId());
    a.setChannel(o.channel());
    a.setContext(o.context());
    a.setExten(o.exten());
    a.setPriority(o.priority());
    a.setCallerId(o.callerId());
    a.setTimeout(o.timeout().toMillis());
    a.setAsync(true);
    a.setChannelId(o.channelId());
    a.setOtherChannelId(o.otherChannelId());
    a.setVariables(new java.util.LinkedHashMap<>(o.variables()));
    try {
      ManagerResponse r = connection.sendAction(a, settings.actionTimeout().toMillis());
      return new Answer("Success".equalsIgnoreCase(r.getResponse()), r.getMessage());
    } catch (org.asteriskjava.manager.TimeoutException e) {
      // Written, unanswered: Asterisk may well be ringing the technician.
      throw new PbxUnavailable("Originate sans réponse dans le délai (" + e.getMessage() + ")", e, true);
    } catch (Exception e) {
      throw new PbxUnavailable("Originate non envoyé (" + e.getMessage() + ")", e);
    }
  }

  @Override
  public void listen(PbxLink.CallEvents listener) {
    this.callEvents = listener;
  }

  @Override
  public void close() {
    closed = true;
    ping.die();
    retries.shutdownNow();
    try {
      if (connection.getState() == ManagerConnectionState.CONNECTED
          || connection.getState() == ManagerConnectionState.RECONNECTING) {
        connection.logoff();
      }
    } catch (RuntimeException e) {
      log.debug("déconnexion AMI : {}", e.toString());
    }
    events.shutdown();
  }

  private final class Listener implements ManagerEventListener {
    @Override
    public void onManagerEvent(ManagerEvent event) {
      // Never block here: this is asterisk-java's only event and response thread.
      if (event instanceof DisconnectEvent) {
        downSince.compareAndSet(null, clock.instant());
        log.warn("{} : connexion perdue ; reconnexion en cours (asterisk-java)", settings);
      } else if (event instanceof ConnectEvent) {
        downSince.set(null);
        log.info("{} : (re)connecté", settings);
      } else if (event instanceof OriginateResponseEvent o && callEvents != null
          && PbxLink.isPageChannel(o.getUniqueId())) {
        PbxLink.CallEvents to = callEvents;
        String id = o.getUniqueId();
        boolean success = "Success".equalsIgnoreCase(o.getResponse());
        int reason = o.getReason() == null ? 0 : o.getReason();
        events.execute(() -> to.originateResponse(id, success, reason));
      } else if (event instanceof HangupEvent h) {
        // Every call of the PBX hangs up: only a page's channels reach the pager's executor.
        if (callEvents == null || !PbxLink.isPageChannel(h.getUniqueId())) {
          return;
        }
        PbxLink.CallEvents to = callEvents;
        String id = h.getUniqueId();
        int cause = h.getCause() == null ? 0 : h.getCause();
        String text = h.getCauseTxt();
        events.execute(() -> to.hangup(id, cause, text));
      } else if (event instanceof MessageWaitingEvent mwi) {
        String mailbox = mwi.getMailbox();
        int fresh = mwi.getNew() == null ? 0 : mwi.getNew();
        int old = mwi.getOld() == null ? 0 : mwi.getOld();
        events.execute(() -> {
          try {
            mailboxes.messagesWaiting(mailbox, fresh, old);
          } catch (RuntimeException e) {
            log.error("échec du traitement de l'événement MessageWaiting pour la boîte vocale {}", mailbox, e);
          }
        });
      }
    }
  }

  private static java.util.concurrent.ThreadFactory daemon(String name) {
    return r -> {
      Thread t = new Thread(r, name);
      t.setDaemon(true);
      return t;
    };
  }
}

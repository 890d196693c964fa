package com.serveurcom.astreinte.agi;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.asteriskjava.fastagi.AgiHangupException;
import org.asteriskjava.fastagi.AgiScript;
import org.asteriskjava.fastagi.SimpleMappingStrategy;
import org.asteriskjava.fastagi.internal.DefaultAgiChannelFactory;
import org.asteriskjava.fastagi.internal.FastAgiConnectionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The FastAGI port Asterisk connects to. asterisk-java runs each call (its request parser, channel
 * and commands), but the port itself is ours, because what asterisk-java's server does with a
 * connection before the call breaks the line's promise (issue 11):
 * <ul>
 *   <li>A connection waits for its header block in {@link CallReception}, without a call thread,
 *       and is closed if the block has not arrived within the header timeout. asterisk-java gives
 *       each connection a pool thread at once and waits for the header with the call's long read
 *       timeout, so sockets that say nothing took every call slot.</li>
 *   <li>Every line is capped at 64 KiB and every header value is trimmed ({@link HeaderLimits}).</li>
 *   <li>A call past the bound on calls in progress ({@link CallAdmission}: the configured maximum,
 *       lowered while the calls in progress do not keep their think time) is refused at once by
 *       closing its socket. A real
 *       Asterisk reports that as {@code AGISTATUS=SUCCESS}, like a call we served
 *       (asterisk-wire-originate.md section 7), so every call we do serve first sets
 *       {@link #SERVED_VARIABLE}: the shipped dialplan sends a call without it to the fallback
 *       (apology, on-call voicemail, spool safety net).</li>
 * </ul>
 * Also: an explicit script map (asterisk-java's default mapping runs any class a peer names), an
 * allow-list of Asterisk hosts, a start that fails when the port is taken, and a stop that lets
 * calls in progress end.
 */
public final class FastAgiListener {
  private static final Logger log = LoggerFactory.getLogger(FastAgiListener.class);

  /**
   * The channel variable every call we serve gets before anything else ({@code SET VARIABLE
   * ASTREINTE_SERVED 1}); config/asterisk/extensions.conf runs its fallback when it is missing
   * after {@code AGI()}.
   */
  public static final String SERVED_VARIABLE = "ASTREINTE_SERVED";

  /**
   * Sizing and exposure of the listener.
   *
   * @param maxPoolSize the most calls in progress: past it a call is refused at once, which sends
   *     it to the dialplan's fallback. Size it to what this machine serves with the think time the
   *     line needs (docs/benchmarks.md, "Overload").
   * @param socketReadTimeoutMillis how long one reply may take once a call runs (a Queue or a Dial
   *     can last many minutes)
   * @param headerTimeout how long a new connection has to send its whole header block
   * @param maxPendingConnections connections waiting for their header at once; past it the oldest
   *     is closed
   * @param thinkTimeTarget the p99 think time the calls in progress must keep: new calls are
   *     refused while it does not hold ({@link CallAdmission}); zero bounds calls by
   *     {@code maxPoolSize} only
   */
  public record Settings(
      InetAddress address,
      int port,
      Set<InetAddress> allowedPeers,
      int corePoolSize,
      int maxPoolSize,
      int socketReadTimeoutMillis,
      Duration headerTimeout,
      int maxPendingConnections,
      Duration thinkTimeTarget) {

    public static final Duration DEFAULT_HEADER_TIMEOUT = Duration.ofSeconds(5);
    public static final int DEFAULT_MAX_PENDING_CONNECTIONS = 1000;
    /**
     * Measured by the server between a reply read and the next command written; the benchmark's
     * 5 ms target also counts the loopback and the simulator's own scheduling (docs/benchmarks.md).
     */
    public static final Duration DEFAULT_THINK_TIME_TARGET = Duration.ofMillis(3);

    public Settings {
      if (maxPoolSize < 1 || corePoolSize < 0 || corePoolSize > maxPoolSize) {
        throw new IllegalArgumentException("FastAGI pool: need 0 <= core (" + corePoolSize + ") <= max (" + maxPoolSize + ")");
      }
      if (thinkTimeTarget.isNegative()) {
        throw new IllegalArgumentException("FastAGI think time target must not be negative");
      }
      if (headerTimeout.isNegative() || headerTimeout.isZero() || maxPendingConnections < 1) {
        throw new IllegalArgumentException("FastAGI reception: header timeout and pending connections must be positive");
      }
    }

    public Settings(InetAddress address, int port, Set<InetAddress> allowedPeers, int corePoolSize, int maxPoolSize,
        int socketReadTimeoutMillis) {
      this(address, port, allowedPeers, corePoolSize, maxPoolSize, socketReadTimeoutMillis, DEFAULT_HEADER_TIMEOUT,
          DEFAULT_MAX_PENDING_CONNECTIONS, DEFAULT_THINK_TIME_TARGET);
    }

    public Settings withHeaderTimeout(Duration v) {
      return new Settings(address, port, allowedPeers, corePoolSize, maxPoolSize, socketReadTimeoutMillis, v,
          maxPendingConnections, thinkTimeTarget);
    }

    public Settings withThinkTimeTarget(Duration v) {
      return new Settings(address, port, allowedPeers, corePoolSize, maxPoolSize, socketReadTimeoutMillis,
          headerTimeout, maxPendingConnections, v);
    }
  }

  private final Settings settings;
  private final SimpleMappingStrategy mapping = new SimpleMappingStrategy();
  private final DefaultAgiChannelFactory channels = new DefaultAgiChannelFactory();
  private final CallAdmission admission;
  private final AtomicLong refused = new AtomicLong();
  private final AtomicLong refusedSinceLog = new AtomicLong();
  private volatile long lastRefusalLogNanos = System.nanoTime() - TimeUnit.MINUTES.toNanos(1);
  private volatile ThreadPoolExecutor pool;
  private volatile CallReception reception;
  private volatile Thread receptionThread;
  private volatile int boundPort;
  private volatile boolean stopping;

  /** @param scripts script name (the path of {@code agi://host:port/NAME}) to script */
  public FastAgiListener(Settings settings, Map<String, AgiScript> scripts) {
    this.settings = settings;
    this.admission = new CallAdmission(settings.maxPoolSize(), settings.thinkTimeTarget(), System::nanoTime);
    // A HashMap, not Map.of: a request without agi_network_script looks up null, which Map.of rejects.
    Map<String, AgiScript> served = new HashMap<>();
    scripts.forEach((name, script) -> served.put(name, markedServed(script)));
    mapping.setMappings(served);
  }

  /** Binds the port and starts accepting calls; throws if the port cannot be bound. */
  public void start() {
    ServerSocketChannel server = null;
    try {
      server = ServerSocketChannel.open();
      server.setOption(StandardSocketOptions.SO_REUSEADDR, true);
      // A full accept queue is what makes a real Asterisk give up after 2 s with AGISTATUS=FAILURE
      // (the fallback), so it is deep enough for bursts but not unbounded.
      server.bind(new InetSocketAddress(settings.address(), settings.port()), 1000);
      boundPort = ((InetSocketAddress) server.getLocalAddress()).getPort();
      pool = newPool();
      reception = new CallReception(server, settings.allowedPeers(), settings.headerTimeout(),
          settings.maxPendingConnections(), this::arrived);
    } catch (IOException e) {
      if (server != null) {
        try {
          server.close();
        } catch (IOException ignored) {
          // the bind failed; nothing is open
        }
      }
      throw new IllegalStateException(
          "impossible d'écouter en FastAGI sur " + settings.address().getHostAddress() + ":" + settings.port()
              + " (" + e.getMessage() + ") : un autre serveur utilise-t-il déjà ce port ?",
          e);
    }
    Thread t = new Thread(reception, "agi-accept");
    t.setDaemon(true);
    t.start();
    receptionThread = t;
    log.info(
        "FastAGI à l'écoute sur {}:{} (appels acceptés de : {}, au plus {} simultanés)",
        settings.address().getHostAddress(), boundPort,
        settings.allowedPeers().isEmpty() ? "tout hôte" : settings.allowedPeers(), settings.maxPoolSize());
  }

  /** The port bound by {@link #start()} (useful when the settings asked for port 0). */
  public int port() {
    return boundPort;
  }

  /** Calls being served right now. */
  public int activeCalls() {
    return admission.inProgress();
  }

  /** The bound on calls in progress now: the configured ceiling, lowered while think time does not hold. */
  public int callLimit() {
    return admission.limit();
  }

  /** Calls refused because every call slot was taken (or think time did not hold), since the start. */
  public long refusedCalls() {
    return refused.get();
  }

  /** Connections closed because their header block did not arrive in time, since the start. */
  public long silentConnectionsClosed() {
    CallReception r = reception;
    return r == null ? 0 : r.silentClosed();
  }

  /**
   * Stops accepting calls, then waits up to {@code drain} for the calls in progress to end.
   *
   * @return whether every call ended within the limit
   */
  public boolean stop(Duration drain) {
    stopping = true;
    CallReception r = reception;
    if (r != null) {
      r.close();
    }
    Thread t = receptionThread;
    if (t != null && t != Thread.currentThread()) {
      try {
        t.join(2000); // the port is free once it returns: a new listener may bind it at once
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    ThreadPoolExecutor p = pool;
    if (p == null) {
      return true;
    }
    p.shutdown();
    try {
      boolean drained = p.awaitTermination(drain.toMillis(), TimeUnit.MILLISECONDS);
      if (!drained) {
        log.warn("{} appel(s) encore en cours après {} s ; arrêt malgré tout", admission.inProgress(), drain.toSeconds());
        p.shutdownNow();
      }
      return drained;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** On the reception thread: admit the call to a slot, or refuse it at once. */
  private void arrived(CallReception.Arrival arrival) {
    if (stopping || !admission.admit()) {
      refuse(arrival.channel());
      return;
    }
    AgiConnection connection;
    try {
      connection = new AgiConnection(arrival.channel(), arrival.header(), arrival.rest(),
          settings.socketReadTimeoutMillis(), admission::thinkTime);
    } catch (IOException e) {
      admission.release();
      close(arrival.channel());
      return;
    }
    FastAgiConnectionHandler handler = new FastAgiConnectionHandler(mapping, connection, channels);
    try {
      pool.execute(() -> {
        try {
          handler.run();
        } finally {
          admission.release();
        }
      });
    } catch (RejectedExecutionException e) {
      // A worker that has just ended its call may not be back in the pool yet, or we are stopping.
      admission.release();
      refuse(arrival.channel());
    }
  }

  /**
   * Closes a call's socket before any command: Asterisk returns from AGI() at once without our
   * marker variable, and the dialplan plays its fallback. Holding the socket instead would leave
   * the caller in silence, since Asterisk never times out a connected FastAGI server.
   */
  private void refuse(SocketChannel channel) {
    refused.incrementAndGet();
    close(channel);
    long pendingLog = refusedSinceLog.incrementAndGet();
    long now = System.nanoTime();
    if (now - lastRefusalLogNanos > TimeUnit.SECONDS.toNanos(10)) {
      lastRefusalLogNanos = now;
      refusedSinceLog.addAndGet(-pendingLog);
      log.warn("{} appel(s) refusé(s) : {} appel(s) en cours, limite {} sur {} au plus (le repli du plan de numérotation les prend)",
          pendingLog, admission.inProgress(), admission.limit(), settings.maxPoolSize());
    }
  }

  private static void close(SocketChannel channel) {
    try {
      channel.close();
    } catch (IOException ignored) {
      // already gone
    }
  }

  private ThreadPoolExecutor newPool() {
    AtomicInteger n = new AtomicInteger();
    return new ThreadPoolExecutor(
        settings.corePoolSize(),
        settings.maxPoolSize(),
        50,
        TimeUnit.SECONDS,
        new SynchronousQueue<>(),
        r -> {
          Thread t = new Thread(r, "agi-call-" + n.incrementAndGet());
          t.setDaemon(true);
          return t;
        });
  }

  /** The script, preceded by the marker that tells the dialplan this call was ours. */
  private static AgiScript markedServed(AgiScript script) {
    return (request, channel) -> {
      try {
        channel.setVariable(SERVED_VARIABLE, "1");
      } catch (AgiHangupException gone) {
        log.debug("appel {} : l'appelant a raccroché avant la première commande", request.getUniqueId());
        return;
      }
      script.service(request, channel);
    };
  }
}

package com.serveurcom.astreinte.agi;

import java.io.IOException;
import java.net.InetAddress;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.asteriskjava.fastagi.AgiScript;
import org.asteriskjava.fastagi.DefaultAgiServer;
import org.asteriskjava.fastagi.SimpleMappingStrategy;
import org.asteriskjava.util.ServerSocketFacade;
import org.asteriskjava.util.SocketConnectionFacade;
import org.asteriskjava.util.internal.ServerSocketFacadeImpl;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The FastAGI port Asterisk connects to, built on asterisk-java's {@link DefaultAgiServer} with
 * the three things it lacks for production: an explicit script map (its default mapping runs any
 * class on the classpath a peer names), an allow-list of Asterisk hosts, a start that fails when
 * the port is taken (its own thread only logs that), and a stop that lets calls in progress end.
 */
public final class FastAgiListener {
  private static final Logger log = LoggerFactory.getLogger(FastAgiListener.class);

  /** Sizing and exposure of the listener. */
  public record Settings(
      InetAddress address,
      int port,
      Set<InetAddress> allowedPeers,
      int corePoolSize,
      int maxPoolSize,
      int socketReadTimeoutMillis) {}

  private final Settings settings;
  private final Server server;
  private final CountDownLatch bound = new CountDownLatch(1);
  private final AtomicReference<IOException> bindFailure = new AtomicReference<>();
  private volatile ThreadPoolExecutor pool;
  private Thread acceptThread;

  /** @param scripts script name (the path of {@code agi://host:port/NAME}) to script */
  public FastAgiListener(Settings settings, Map<String, AgiScript> scripts) {
    this.settings = settings;
    SimpleMappingStrategy mapping = new SimpleMappingStrategy();
    // A HashMap, not Map.of: a request without agi_network_script looks up null, which Map.of rejects.
    mapping.setMappings(new HashMap<>(scripts));
    this.server = new Server(mapping);
    server.setAddress(settings.address());
    server.setPort(settings.port());
    server.setPoolSize(settings.corePoolSize());
    server.setMaximumPoolSize(settings.maxPoolSize());
    server.setSocketReadTimeout(settings.socketReadTimeoutMillis());
  }

  /** Binds the port and starts accepting calls; throws if the port cannot be bound. */
  public void start() {
    acceptThread =
        new Thread(
            () -> {
              try {
                server.startup();
              } catch (IOException e) {
                bindFailure.compareAndSet(null, e);
                bound.countDown();
              }
            },
            "agi-accept");
    acceptThread.setDaemon(true);
    acceptThread.start();
    try {
      if (!bound.await(10, TimeUnit.SECONDS)) {
        throw new IllegalStateException("FastAGI listener did not start within 10 s");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while starting FastAGI listener", e);
    }
    IOException failure = bindFailure.get();
    if (failure != null) {
      throw new IllegalStateException(
          "cannot listen for FastAGI on " + settings.address().getHostAddress() + ":" + settings.port()
              + " (" + failure.getMessage() + "): is another server already using this port?",
          failure);
    }
    log.info(
        "FastAGI listening on {}:{} (calls from {})",
        settings.address().getHostAddress(), settings.port(),
        settings.allowedPeers().isEmpty() ? "any host" : settings.allowedPeers());
  }

  /** Calls being served right now. */
  public int activeCalls() {
    ThreadPoolExecutor p = pool;
    return p == null ? 0 : p.getActiveCount();
  }

  /**
   * Stops accepting calls, then waits up to {@code drain} for the calls in progress to end.
   *
   * @return whether every call ended within the limit
   */
  public boolean stop(java.time.Duration drain) {
    try {
      server.shutdown();
    } catch (IllegalStateException alreadyStopped) {
      // shutdown() refuses a second call; nothing left to stop.
    }
    ThreadPoolExecutor p = pool;
    if (p == null) {
      return true;
    }
    try {
      boolean drained = p.awaitTermination(drain.toMillis(), TimeUnit.MILLISECONDS);
      if (!drained) {
        log.warn("{} call(s) still in progress after {} s; stopping anyway", p.getActiveCount(), drain.toSeconds());
        p.shutdownNow();
      }
      return drained;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private final class Server extends DefaultAgiServer {
    Server(SimpleMappingStrategy mapping) {
      super(mapping);
    }

    @Override
    protected ServerSocketFacade createServerSocket() throws IOException {
      try {
        ServerSocketFacade socket = new AllowListedServerSocket(
            new ServerSocketFacadeImpl(settings.port(), 1000, settings.address()), settings.allowedPeers());
        socket.setSocketReadTimeout(settings.socketReadTimeoutMillis());
        return socket;
      } catch (IOException e) {
        bindFailure.compareAndSet(null, e);
        throw e;
      } finally {
        bound.countDown();
      }
    }

    @Override
    protected ThreadPoolExecutor createPool() {
      AtomicInteger n = new AtomicInteger();
      ThreadPoolExecutor p =
          new ThreadPoolExecutor(
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
      pool = p;
      return p;
    }
  }

  /** Drops connections from hosts that are not our Asterisk servers before any byte is read. */
  private static final class AllowListedServerSocket implements ServerSocketFacade {
    private final ServerSocketFacade delegate;
    private final Set<InetAddress> allowed;

    AllowListedServerSocket(ServerSocketFacade delegate, Set<InetAddress> allowed) {
      this.delegate = delegate;
      this.allowed = allowed;
    }

    @Override
    public SocketConnectionFacade accept() throws IOException {
      while (true) {
        SocketConnectionFacade c = delegate.accept();
        if (allowed.isEmpty() || allowed.contains(c.getRemoteAddress())) {
          return c;
        }
        log.warn("FastAGI connection from {} refused: not an allowed Asterisk host", c.getRemoteAddress().getHostAddress());
        c.close();
      }
    }

    @Override
    public void close() throws IOException {
      delegate.close();
    }

    @Override
    public void setSocketReadTimeout(int millis) {
      delegate.setSocketReadTimeout(millis);
    }
  }
}

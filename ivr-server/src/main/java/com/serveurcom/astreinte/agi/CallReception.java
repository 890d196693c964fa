package com.serveurcom.astreinte.agi;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Accepts FastAGI connections and waits for their header block on one thread, without giving
 * them a call slot: a connection that says nothing costs a socket and a small buffer, never a
 * call thread, and is closed when its header has not arrived within the header timeout (Asterisk
 * sends the block at once, asterisk-wire.md run 1). Only a complete header block is passed on.
 *
 * <p>Not thread-safe: {@link #run()} is the only thread that touches the selector and the
 * pending connections; {@link #close()} may be called from any thread.
 */
final class CallReception implements Runnable, AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(CallReception.class);

  /** A connection whose header block is complete, in blocking mode, for the call to run on. */
  record Arrival(SocketChannel channel, List<String> header, ByteBuffer rest) {}

  /** Receives complete header blocks, on the reception thread: it must not block. */
  interface ArrivalDesk {
    void arrived(Arrival arrival);
  }

  private final ServerSocketChannel server;
  private final Selector selector;
  private final Set<InetAddress> allowedPeers;
  private final long headerTimeoutNanos;
  private final int maxPending;
  private final ArrivalDesk desk;
  /** Pending connections in arrival order, hence in deadline order (one timeout for all). */
  private final ArrayDeque<Pending> pending = new ArrayDeque<>();
  private int livePending;
  private final AtomicLong silentClosed = new AtomicLong();
  private final AtomicLong oversizedClosed = new AtomicLong();
  private volatile boolean closing;

  /** @param server a bound channel; this reception owns and closes it */
  CallReception(ServerSocketChannel server, Set<InetAddress> allowedPeers, Duration headerTimeout, int maxPending,
      ArrivalDesk desk) throws IOException {
    this.server = server;
    this.allowedPeers = Set.copyOf(allowedPeers);
    this.headerTimeoutNanos = headerTimeout.toNanos();
    this.maxPending = maxPending;
    this.desk = desk;
    this.selector = Selector.open();
    server.configureBlocking(false);
    server.register(selector, SelectionKey.OP_ACCEPT);
  }

  /** Connections closed because their header block did not arrive in time. */
  long silentClosed() {
    return silentClosed.get();
  }

  /** Connections closed because a line or their header block was too long. */
  long oversizedClosed() {
    return oversizedClosed.get();
  }

  @Override
  public void run() {
    List<Pending> complete = new ArrayList<>();
    try {
      while (!closing) {
        long wait = waitMillis();
        selector.select(wait);
        Iterator<SelectionKey> keys = selector.selectedKeys().iterator();
        while (keys.hasNext()) {
          SelectionKey key = keys.next();
          keys.remove();
          if (!key.isValid()) {
            continue;
          }
          if (key.isAcceptable()) {
            acceptAll();
          } else if (key.isReadable()) {
            Pending p = (Pending) key.attachment();
            if (p.read()) {
              key.cancel();
              complete.add(p);
            }
          }
        }
        expire();
        if (!complete.isEmpty()) {
          // A channel leaves the selector only at its next select: flush the cancelled keys
          // before the channel goes back to blocking mode. Readiness is level-triggered, so
          // whatever this selectNow notices is noticed again by the next select.
          selector.selectNow();
          selector.selectedKeys().clear();
          for (Pending p : complete) {
            handOver(p);
          }
          complete.clear();
        }
      }
    } catch (ClosedSelectorException | IOException e) {
      if (!closing) {
        log.error("réception FastAGI arrêtée : {}", e.toString());
      }
    } finally {
      for (Pending p : pending) {
        if (!p.done) {
          p.drop();
        }
      }
      pending.clear();
      quietly(server);
      try {
        selector.close();
      } catch (IOException ignored) {
        // nothing left to release
      }
    }
  }

  private long waitMillis() {
    Pending oldest = pending.peekFirst();
    if (oldest == null) {
      return 1000;
    }
    long left = TimeUnit.NANOSECONDS.toMillis(oldest.deadlineNanos - System.nanoTime());
    return Math.max(1, Math.min(1000, left + 1));
  }

  /** Accepts every waiting connection; a failure with one of them never stops the reception. */
  private void acceptAll() {
    while (true) {
      SocketChannel c;
      try {
        c = server.accept();
      } catch (IOException e) {
        // Out of file descriptors, most likely: free one by dropping the oldest pending
        // connection, and let the next select retry the accept.
        log.warn("échec de l'acceptation FastAGI ({}) ; {} connexion(s) en attente de leur en-tête", e.toString(), livePending);
        evictOldest();
        return;
      }
      if (c == null) {
        return;
      }
      try {
        InetAddress peer = ((InetSocketAddress) c.getRemoteAddress()).getAddress();
        if (!allowedPeers.isEmpty() && !allowedPeers.contains(peer)) {
          log.warn("connexion FastAGI de {} refusée : cet hôte n'est pas un Asterisk autorisé", peer.getHostAddress());
          quietly(c);
          continue;
        }
        if (livePending >= maxPending) {
          // The oldest is the likeliest to be silent: Asterisk's header follows its connect at once.
          evictOldest();
        }
        c.configureBlocking(false);
        Pending p = new Pending(c, System.nanoTime() + headerTimeoutNanos);
        c.register(selector, SelectionKey.OP_READ, p);
        pending.addLast(p);
        livePending++;
      } catch (IOException | RuntimeException e) {
        log.debug("connexion FastAGI perdue au moment de son acceptation : {}", e.toString());
        quietly(c);
      }
    }
  }

  private void evictOldest() {
    Pending p;
    while ((p = pending.pollFirst()) != null) {
      if (!p.done) {
        silentClosed.incrementAndGet();
        p.drop();
        p.done = true;
        livePending--;
        return;
      }
    }
  }

  private void expire() {
    long now = System.nanoTime();
    Pending p;
    while ((p = pending.peekFirst()) != null && (p.done || now - p.deadlineNanos >= 0)) {
      pending.pollFirst();
      if (!p.done) {
        log.debug("connexion FastAGI de {} fermée : aucun en-tête reçu dans le délai imparti", p.peer());
        silentClosed.incrementAndGet();
        p.drop();
        livePending--;
      }
    }
  }

  private void handOver(Pending p) {
    try {
      p.channel.configureBlocking(true);
    } catch (IOException | RuntimeException e) {
      log.debug("connexion FastAGI de {} perdue avant son appel : {}", p.peer(), e.toString());
      quietly(p.channel);
      return;
    }
    p.buffer.flip();
    try {
      desk.arrived(new Arrival(p.channel, List.copyOf(p.lines), p.buffer));
    } catch (RuntimeException e) {
      // Never let one call stop the reception of the others.
      log.error("l'appel FastAGI de {} n'a pas pu démarrer : {}", p.peer(), e.toString());
      quietly(p.channel);
    }
  }

  @Override
  public void close() {
    closing = true;
    selector.wakeup();
  }

  private static void quietly(java.io.Closeable c) {
    try {
      c.close();
    } catch (IOException ignored) {
      // closing a dead socket
    }
  }

  /** A connection whose header block has not fully arrived yet. */
  private final class Pending {
    final SocketChannel channel;
    final long deadlineNanos;
    final List<String> lines = new ArrayList<>(24);
    ByteBuffer buffer = ByteBuffer.allocate(2048);
    int headerBytes;
    boolean done;

    Pending(SocketChannel channel, long deadlineNanos) {
      this.channel = channel;
      this.deadlineNanos = deadlineNanos;
    }

    /** Reads what has arrived; true once the empty line that ends the block is in. */
    boolean read() {
      try {
        int n = channel.read(buffer);
        if (n < 0) {
          finish(); // closed before the end of its header: nothing to serve
          return false;
        }
        buffer.flip();
        while (true) {
          int lf = -1;
          for (int i = buffer.position(); i < buffer.limit(); i++) {
            if (buffer.get(i) == '\n') {
              lf = i;
              break;
            }
          }
          if (lf < 0) {
            break;
          }
          int length = lf - buffer.position();
          byte[] bytes = new byte[length];
          buffer.get(bytes);
          buffer.get(); // the LF
          headerBytes += length + 1;
          if (length > 0 && bytes[length - 1] == '\r') {
            length--;
          }
          if (length == 0) {
            buffer.compact();
            done = true;
            livePending--;
            return true;
          }
          lines.add(HeaderLimits.trim(new String(bytes, 0, length, StandardCharsets.UTF_8)));
        }
        buffer.compact();
        if (headerBytes + buffer.position() > HeaderLimits.MAX_HEADER_BYTES) {
          log.warn("connexion FastAGI de {} fermée : en-tête de plus de {} octets", peer(),
              HeaderLimits.MAX_HEADER_BYTES);
          oversizedClosed.incrementAndGet();
          finish();
          return false;
        }
        if (!buffer.hasRemaining()) {
          ByteBuffer bigger = ByteBuffer.allocate(Math.min(HeaderLimits.MAX_HEADER_BYTES + 1, buffer.capacity() * 2));
          buffer.flip();
          bigger.put(buffer);
          buffer = bigger;
        }
        return false;
      } catch (IOException e) {
        finish();
        return false;
      }
    }

    private void finish() {
      drop();
      done = true;
      livePending--;
    }

    void drop() {
      quietly(channel); // also cancels its key
    }

    String peer() {
      return channel.socket().getInetAddress() == null ? "?" : channel.socket().getInetAddress().getHostAddress();
    }
  }
}

package com.serveurcom.astreinte.call;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes call records on a thread of its own, so the end of a call (and Asterisk's teardown of
 * the channel, which waits for our socket to close) does not wait on a database insert. When the
 * queue is full the caller's thread writes it itself: a record is never dropped.
 */
public final class BackgroundCallLog implements CallLog, AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(BackgroundCallLog.class);

  private final CallLog delegate;
  private final BlockingQueue<CallRecord> queue;
  private final Thread writer;
  private volatile boolean closing;

  public BackgroundCallLog(CallLog delegate, int capacity) {
    this.delegate = delegate;
    this.queue = new ArrayBlockingQueue<>(capacity);
    this.writer = new Thread(this::drainLoop, "call-records");
    writer.setDaemon(true);
    writer.start();
  }

  @Override
  public void record(CallRecord call) {
    if (closing || !queue.offer(call)) {
      delegate.record(call);
    }
  }

  private void drainLoop() {
    List<CallRecord> batch = new ArrayList<>(64);
    while (!closing || !queue.isEmpty()) {
      try {
        CallRecord first = queue.poll(200, TimeUnit.MILLISECONDS);
        if (first == null) {
          continue;
        }
        batch.add(first);
        queue.drainTo(batch, 63);
        try {
          delegate.recordAll(batch);
        } catch (RuntimeException e) {
          log.error("{} enregistrement(s) d'appel non écrit(s) : {}", batch.size(), e.toString());
        }
        batch.clear();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  /** Writes what is still queued, then stops. */
  @Override
  public void close() {
    closing = true;
    try {
      writer.join(TimeUnit.SECONDS.toMillis(30));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    CallRecord c;
    while ((c = queue.poll()) != null) {
      delegate.record(c);
    }
  }
}

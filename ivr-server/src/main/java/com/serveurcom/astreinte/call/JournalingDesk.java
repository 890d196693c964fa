package com.serveurcom.astreinte.call;

import com.serveurcom.astreinte.oncall.OnCallMessage;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps an emergency when the database fails during an off-hours call: registration falls back
 * to the {@link Journal} and the caller is still told the message is taken. Replayed by
 * {@link #replayJournal()} when the database is back; the page follows from the registration.
 */
public final class JournalingDesk implements OnCallDesk {
  private static final Logger log = LoggerFactory.getLogger(JournalingDesk.class);

  /** After a failure, how long the database is not asked again during calls (a caller is waiting). */
  private static final long SKIP_NANOS = java.util.concurrent.TimeUnit.SECONDS.toNanos(10);

  private final OnCallDesk delegate;
  private final Journal<OnCallMessage> journal;
  private volatile long skipDatabaseUntil = System.nanoTime();

  public JournalingDesk(OnCallDesk delegate, Journal<OnCallMessage> journal) {
    this.delegate = delegate;
    this.journal = journal;
  }

  @Override
  public RequestCheck check(String requestNumber, String callerId, Instant at) {
    if (databaseSkipped()) {
      return RequestCheck.ok();
    }
    try {
      return delegate.check(requestNumber, callerId, at);
    } catch (RuntimeException e) {
      skipDatabaseIfDown(e);
      // Better a page the technician has to qualify than an emergency turned away because our
      // database is down: the request is taken unverified and journalled.
      log.error("request {}: eligibility unknown, database unavailable ({}); taking the message unverified",
          requestNumber, e.toString());
      return RequestCheck.ok();
    }
  }

  @Override
  public Registration register(OnCallMessage message) {
    try {
      if (databaseSkipped()) {
        throw new IllegalStateException("database failed moments ago");
      }
      return delegate.register(message);
    } catch (RuntimeException e) {
      skipDatabaseIfDown(e);
      journal.append(message);
      log.error("request {}: database refused the on-call message ({}); kept in the journal until it is back",
          message.ticketNumber(), e.toString());
      return new Registration(message.ticketNumber(), false);
    }
  }

  @Override
  public EscalationAnswer escalate(String requestNumber, String callerId, Instant at) {
    return delegate.escalate(requestNumber, callerId, at);
  }

  private boolean databaseSkipped() {
    return System.nanoTime() - skipDatabaseUntil < 0;
  }

  /**
   * Skips the database for a while only when it is unreachable (SQL state class 08, connection
   * exception, somewhere in the causes): a busy pool is not an outage, and sending every call to
   * the journal would only make it worse.
   */
  private void skipDatabaseIfDown(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof java.sql.SQLException sql && sql.getSQLState() != null && sql.getSQLState().startsWith("08")) {
        skipDatabaseUntil = System.nanoTime() + SKIP_NANOS;
        return;
      }
      if (t instanceof java.net.ConnectException) {
        skipDatabaseUntil = System.nanoTime() + SKIP_NANOS;
        return;
      }
    }
  }

  /** @return how many journalled messages reached the database */
  public int replayJournal() {
    return journal.drain(delegate::register);
  }
}

package com.serveurcom.astreinte.call;

import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Keeps the one record of every call when the database is down; replayed when it is back. */
public final class JournalingCallLog implements CallLog {
  private static final Logger log = LoggerFactory.getLogger(JournalingCallLog.class);

  private final CallLog delegate;
  private final Journal<CallRecord> journal;

  public JournalingCallLog(CallLog delegate, Journal<CallRecord> journal) {
    this.delegate = delegate;
    this.journal = journal;
  }

  @Override
  public void record(CallRecord call) {
    try {
      delegate.record(call);
    } catch (RuntimeException e) {
      journal.append(call);
      log.error("appel {} : la base de données a refusé l'enregistrement d'appel ({}) ; gardé dans le journal", call.callId(), e.toString());
    }
  }

  @Override
  public void recordAll(List<CallRecord> calls) {
    try {
      delegate.recordAll(calls);
    } catch (RuntimeException e) {
      // The batch is one statement: none of it reached the database, all of it goes to the journal.
      calls.forEach(journal::append);
      log.error("{} enregistrement(s) d'appel refusé(s) par la base de données ({}) ; gardé(s) dans le journal", calls.size(), e.toString());
    }
  }

  /** @return how many journalled records reached the database */
  public int replayJournal() {
    return journal.drain(delegate::record);
  }
}

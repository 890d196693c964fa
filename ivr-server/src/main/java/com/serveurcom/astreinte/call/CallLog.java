package com.serveurcom.astreinte.call;

/** Where call records go (the database, or the journal when it is down). */
@FunctionalInterface
public interface CallLog {
  void record(CallRecord call);
}

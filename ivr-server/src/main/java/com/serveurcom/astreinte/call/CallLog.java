package com.serveurcom.astreinte.call;

import java.util.List;

/** Where call records go (the database, or the journal when it is down). */
@FunctionalInterface
public interface CallLog {
  void record(CallRecord call);

  /** Records several calls; a store may write them at once (all or none). */
  default void recordAll(List<CallRecord> calls) {
    calls.forEach(this::record);
  }
}

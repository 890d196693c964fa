package com.serveurcom.astreinte.call;

import java.util.List;

/** Where call records go (the database, or the journal when it is down). */
@FunctionalInterface
public interface CallLog {
  void record(CallRecord call);

  /**
   * Records several calls. A store may write them at once, all or none (the database's does); this
   * default stops at the first that fails, so a caller that must not lose any keeps the others
   * (the journal does, for the whole batch).
   */
  default void recordAll(List<CallRecord> calls) {
    calls.forEach(this::record);
  }
}

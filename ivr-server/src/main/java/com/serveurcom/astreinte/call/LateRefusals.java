package com.serveurcom.astreinte.call;

import com.serveurcom.astreinte.oncall.OnCallMessage;
import com.serveurcom.astreinte.oncall.RefusalReason;

/**
 * What becomes of a message kept in the journal during a database outage and found ineligible when it
 * is replayed: it is never paged; the refusal is written where the call is recorded and the customer is
 * told why.
 */
@FunctionalInterface
public interface LateRefusals {
  /**
   * Records the refusal. Throws to leave the message in the journal for the next replay (the database
   * is still refusing, or the call's record has not reached it yet).
   *
   * @param reason an eligibility code ({@code unknown_request}, {@code priority_not_oncall}, ...)
   */
  void refuse(OnCallMessage message, RefusalReason reason);
}

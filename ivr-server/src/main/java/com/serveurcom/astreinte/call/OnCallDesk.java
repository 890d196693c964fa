package com.serveurcom.astreinte.call;

import com.serveurcom.astreinte.oncall.OnCallMessage;
import com.serveurcom.astreinte.oncall.RefusalReason;
import java.time.Instant;

/** The decisions and writes the on-call flow asks of the ticket store and the pager. */
public interface OnCallDesk {

  /** @param refusal an eligibility code ({@code unknown_request}, ...) when not eligible */
  record RequestCheck(boolean eligible, RefusalReason refusal) {
    public static RequestCheck ok() {
      return new RequestCheck(true, null);
    }

    public static RequestCheck refused(RefusalReason reason) {
      return new RequestCheck(false, reason);
    }
  }

  /**
   * @param addedToExisting the request was already registered: the message joins it, no second page chain
   * @param journaled the database was down: the message is kept in the journal, its eligibility is checked
   *     when it is replayed, and nothing is paged yet; the caller must be told only that
   */
  record Registration(String requestNumber, boolean addedToExisting, boolean journaled) {
    public Registration(String requestNumber, boolean addedToExisting) {
      this(requestNumber, addedToExisting, false);
    }
  }

  /** @param transferTo the dial string that connects the caller to the level's contact, when configured */
  record EscalationAnswer(Kind kind, int level, java.util.Optional<String> transferTo) {
    public enum Kind { LEVEL, UNKNOWN_REQUEST, REQUEST_CLOSED, NOT_ESCALABLE }

    public EscalationAnswer(Kind kind, int level) {
      this(kind, level, java.util.Optional.empty());
    }
  }

  RequestCheck check(String requestNumber, String callerId, Instant at);

  /**
   * Registers the on-call request and queues its page in one transaction. Must not fail the caller:
   * when the database is down the implementation keeps the message in a durable journal.
   */
  Registration register(OnCallMessage message);

  /** Computes the escalation level the overrun allows and, above 0, notifies that level's contacts. */
  EscalationAnswer escalate(String requestNumber, String callerId, Instant at);
}

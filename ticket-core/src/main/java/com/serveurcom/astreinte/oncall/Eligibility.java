package com.serveurcom.astreinte.oncall;

import com.serveurcom.astreinte.account.Account;
import com.serveurcom.astreinte.ticket.Ticket;
import java.util.Objects;

/** Outcome of the on-call eligibility check. */
public sealed interface Eligibility {

  /** The request may be handled by the on-call service. */
  record Eligible(Ticket ticket, Account account) implements Eligibility {
    public Eligible {
      Objects.requireNonNull(ticket, "ticket");
      Objects.requireNonNull(account, "account");
    }
  }

  /** The request may not; {@code reason} is the first rule it fails. */
  record Refused(RefusalReason reason) implements Eligibility {
    public Refused {
      Objects.requireNonNull(reason, "reason");
    }
  }

  default boolean isEligible() {
    return this instanceof Eligible;
  }
}

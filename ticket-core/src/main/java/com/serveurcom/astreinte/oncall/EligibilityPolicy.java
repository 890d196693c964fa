package com.serveurcom.astreinte.oncall;

import com.serveurcom.astreinte.account.Account;
import com.serveurcom.astreinte.ticket.Ticket;
import java.util.Optional;

/**
 * The on-call eligibility decision, pure: no database, no clock. Rules are checked in this order
 * and the first one failed is the reason: unknown_request, request_closed, request_non_compliant,
 * no_oncall_option, service_not_covered, priority_not_oncall.
 */
public final class EligibilityPolicy {
  private final OnCallRules rules;

  public EligibilityPolicy(OnCallRules rules) {
    this.rules = rules;
  }

  public OnCallRules rules() {
    return rules;
  }

  public Eligibility decide(Optional<Ticket> ticket, Optional<Account> account) {
    return decide(ticket, account, rules);
  }

  /** The decision as a function of the ticket, its account and the rules. */
  public static Eligibility decide(Optional<Ticket> ticket, Optional<Account> account, OnCallRules rules) {
    if (ticket.isEmpty() || account.isEmpty()) {
      return new Eligibility.Refused(RefusalReason.UNKNOWN_REQUEST);
    }
    Ticket t = ticket.get();
    Account a = account.get();
    if (t.accountId() != a.id()) {
      throw new IllegalArgumentException("account " + a.id() + " is not the account of request " + t.number());
    }
    if (!t.isOpen()) {
      return new Eligibility.Refused(RefusalReason.REQUEST_CLOSED);
    }
    if (!t.isCompliant()) {
      return new Eligibility.Refused(RefusalReason.REQUEST_NON_COMPLIANT);
    }
    if (!a.oncallOption()) {
      return new Eligibility.Refused(RefusalReason.NO_ONCALL_OPTION);
    }
    if (!a.oncallServices().contains(t.service())) {
      return new Eligibility.Refused(RefusalReason.SERVICE_NOT_COVERED);
    }
    if (!rules.oncallPriorities().contains(t.priority())) {
      return new Eligibility.Refused(RefusalReason.PRIORITY_NOT_ONCALL);
    }
    return new Eligibility.Eligible(t, a);
  }
}

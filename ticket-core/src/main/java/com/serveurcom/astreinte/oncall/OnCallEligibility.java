package com.serveurcom.astreinte.oncall;

import static com.serveurcom.astreinte.database.generated.Tables.ACCOUNT;
import static com.serveurcom.astreinte.database.generated.Tables.TICKET;

import com.serveurcom.astreinte.account.Account;
import com.serveurcom.astreinte.account.AccountStore;
import com.serveurcom.astreinte.database.Database;
import com.serveurcom.astreinte.database.PrerenderedQuery;
import com.serveurcom.astreinte.ticket.Ticket;
import com.serveurcom.astreinte.ticket.TicketNumbers;
import com.serveurcom.astreinte.ticket.TicketStore;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Supplier;
import org.jooq.Record;
import org.jooq.impl.DSL;

/**
 * The one eligibility check used by the phone line and the API: reads the ticket and its account
 * in a single primary-key query, then applies {@link EligibilityPolicy}.
 */
public final class OnCallEligibility {
  private final Database database;
  private final Supplier<OnCallRules> rules;
  /**
   * The lookup rendered once: profiling the HTTP eligibility benchmark, then the phone line under
   * load, showed most of the CPU of a check going into jOOQ building, rendering and executing this
   * 40-column join on every call.
   */
  private final PrerenderedQuery lookup;

  public OnCallEligibility(Database database, OnCallRules rules) {
    this(database, () -> rules);
  }

  /** @param rules the rules in force, read at each check (the config may be reloaded) */
  public OnCallEligibility(Database database, Supplier<OnCallRules> rules) {
    this.database = database;
    this.rules = rules;
    this.lookup = new PrerenderedQuery(database.dsl()
        .select(TICKET.fields()).select(ACCOUNT.fields()).select(AccountStore.phonesField())
        .from(TICKET).join(ACCOUNT).on(ACCOUNT.ID.eq(TICKET.ACCOUNT_ID))
        .where(TICKET.NUMBER.eq(DSL.param("number", TICKET.NUMBER))), "number");
  }

  /**
   * @param requestNumber digits as keyed; anything else is an unknown request
   * @param callerNumber caller ID (E.164) or null when anonymous; not a rule today, kept for the
   *     call record and future rules
   * @param at instant of the call; not a rule today (the calendar decides on-call hours)
   */
  public Eligibility check(String requestNumber, String callerNumber, Instant at) {
    if (!TicketNumbers.isValid(requestNumber)) {
      return new Eligibility.Refused(RefusalReason.UNKNOWN_REQUEST);
    }
    Optional<Record> row = lookup.fetch(database.dsl(), requestNumber).stream().findFirst();
    Optional<Ticket> ticket = row.map(TicketStore::toTicket);
    Optional<Account> account = row.map(AccountStore::toAccount);
    return EligibilityPolicy.decide(ticket, account, rules.get());
  }
}

package com.serveurcom.astreinte.oncall;

import static com.serveurcom.astreinte.database.generated.Tables.ACCOUNT;
import static com.serveurcom.astreinte.database.generated.Tables.TICKET;

import com.serveurcom.astreinte.account.Account;
import com.serveurcom.astreinte.account.AccountStore;
import com.serveurcom.astreinte.database.Database;
import com.serveurcom.astreinte.ticket.Ticket;
import com.serveurcom.astreinte.ticket.TicketNumbers;
import com.serveurcom.astreinte.ticket.TicketStore;
import java.time.Instant;
import java.util.Optional;
import org.jooq.Record;

/**
 * The one eligibility check used by the phone line and the API: reads the ticket and its account
 * in a single primary-key query, then applies {@link EligibilityPolicy}.
 */
public final class OncallEligibility {
  private final Database database;
  private final java.util.function.Supplier<OncallRules> rules;

  public OncallEligibility(Database database, OncallRules rules) {
    this(database, () -> rules);
  }

  /** @param rules the rules in force, read at each check (the config may be reloaded) */
  public OncallEligibility(Database database, java.util.function.Supplier<OncallRules> rules) {
    this.database = database;
    this.rules = rules;
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
    Optional<Record> row = database.dsl()
        .select(TICKET.fields()).select(ACCOUNT.fields()).select(AccountStore.phonesField())
        .from(TICKET).join(ACCOUNT).on(ACCOUNT.ID.eq(TICKET.ACCOUNT_ID))
        .where(TICKET.NUMBER.eq(requestNumber))
        .fetchOptional();
    Optional<Ticket> ticket = row.map(TicketStore::toTicket);
    Optional<Account> account = row.map(AccountStore::toAccount);
    return EligibilityPolicy.decide(ticket, account, rules.get());
  }
}

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
import java.util.function.Supplier;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.Select;
import org.jooq.conf.ParamType;
import org.jooq.impl.DSL;

/**
 * The one eligibility check used by the phone line and the API: reads the ticket and its account
 * in a single primary-key query, then applies {@link EligibilityPolicy}.
 */
public final class OncallEligibility {
  private final Database database;
  private final Supplier<OncallRules> rules;
  /**
   * The lookup rendered once: profiling the HTTP eligibility benchmark showed most of the CPU of a
   * check went into jOOQ building and rendering this 40-column join on every call. The columns
   * are kept so the plain-SQL result still maps through the generated fields.
   */
  private final String sql;
  private final Field<?>[] fields;

  public OncallEligibility(Database database, OncallRules rules) {
    this(database, () -> rules);
  }

  /** @param rules the rules in force, read at each check (the config may be reloaded) */
  public OncallEligibility(Database database, Supplier<OncallRules> rules) {
    this.database = database;
    this.rules = rules;
    Select<?> lookup = database.dsl()
        .select(TICKET.fields()).select(ACCOUNT.fields()).select(AccountStore.phonesField())
        .from(TICKET).join(ACCOUNT).on(ACCOUNT.ID.eq(TICKET.ACCOUNT_ID))
        .where(TICKET.NUMBER.eq(DSL.val("", TICKET.NUMBER)));
    this.sql = lookup.getSQL(ParamType.INDEXED);
    this.fields = lookup.getSelect().toArray(Field<?>[]::new);
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
    Optional<Record> row = database.dsl().resultQuery(sql, requestNumber).coerce(fields).fetchOptional();
    Optional<Ticket> ticket = row.map(TicketStore::toTicket);
    Optional<Account> account = row.map(AccountStore::toAccount);
    return EligibilityPolicy.decide(ticket, account, rules.get());
  }
}

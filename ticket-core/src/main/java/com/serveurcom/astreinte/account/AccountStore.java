package com.serveurcom.astreinte.account;

import static com.serveurcom.astreinte.database.generated.Tables.ACCOUNT;
import static com.serveurcom.astreinte.database.generated.Tables.ACCOUNT_PHONE;

import com.serveurcom.astreinte.database.Database;
import com.serveurcom.astreinte.database.generated.tables.records.AccountRecord;
import com.serveurcom.astreinte.ticket.Service;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.impl.DSL;

/** Accounts and their known phone numbers. */
public final class AccountStore {
  private final Database database;
  private final Clock clock;

  public AccountStore(Database database, Clock clock) {
    this.database = database;
    this.clock = clock;
  }

  /** Phones of the account, as one array column, so an account reads in one query. */
  public static Field<String[]> phonesField() {
    return DSL.array(DSL.select(ACCOUNT_PHONE.PHONE).from(ACCOUNT_PHONE)
            .where(ACCOUNT_PHONE.ACCOUNT_ID.eq(ACCOUNT.ID)).orderBy(ACCOUNT_PHONE.PHONE))
        .as("phones");
  }

  /** Maps a record holding the ACCOUNT columns and {@link #phonesField()}. */
  public static Account toAccount(Record r) {
    String[] phones = r.get("phones", String[].class);
    return new Account(r.get(ACCOUNT.ID), r.get(ACCOUNT.NAME), r.get(ACCOUNT.ONCALL_OPTION),
        services(r.get(ACCOUNT.ONCALL_SERVICES)), phones == null ? List.of() : Arrays.asList(phones));
  }

  static Set<Service> services(String[] codes) {
    EnumSet<Service> set = EnumSet.noneOf(Service.class);
    if (codes != null) {
      for (String c : codes) {
        set.add(Service.fromCode(c));
      }
    }
    return set;
  }

  static String[] codes(Set<Service> services) {
    return services.stream().sorted().map(Service::code).toArray(String[]::new);
  }

  /** @throws AccountAlreadyExistsException when the name is taken */
  public Account create(NewAccount account) {
    return database.transactionResult(tx -> {
      AccountRecord rec = tx.insertInto(ACCOUNT)
          .set(ACCOUNT.NAME, account.name())
          .set(ACCOUNT.ONCALL_OPTION, account.oncallOption())
          .set(ACCOUNT.ONCALL_SERVICES, codes(account.oncallServices()))
          .set(ACCOUNT.CREATED_AT, OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC))
          .onConflict(ACCOUNT.NAME).doNothing()
          .returning()
          .fetchOne();
      if (rec == null) {
        throw new AccountAlreadyExistsException(account.name());
      }
      replacePhones(tx, rec.getId(), account.phones());
      return find(tx, ACCOUNT.ID.eq(rec.getId())).orElseThrow();
    });
  }

  /** Creates the account, or updates the one with the same name (options and phones replaced). */
  public Account upsertByName(NewAccount account) {
    return database.transactionResult(tx -> upsertByName(tx, account));
  }

  /** {@link #upsertByName(NewAccount)} inside the caller's transaction. */
  public Account upsertByName(DSLContext tx, NewAccount account) {
    long id = tx.insertInto(ACCOUNT)
        .set(ACCOUNT.NAME, account.name())
        .set(ACCOUNT.ONCALL_OPTION, account.oncallOption())
        .set(ACCOUNT.ONCALL_SERVICES, codes(account.oncallServices()))
        .set(ACCOUNT.CREATED_AT, OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC))
        .onConflict(ACCOUNT.NAME).doUpdate()
        .set(ACCOUNT.ONCALL_OPTION, account.oncallOption())
        .set(ACCOUNT.ONCALL_SERVICES, codes(account.oncallServices()))
        .returning(ACCOUNT.ID)
        .fetchOne(ACCOUNT.ID);
    replacePhones(tx, id, account.phones());
    return find(tx, ACCOUNT.ID.eq(id)).orElseThrow();
  }

  private static void replacePhones(DSLContext tx, long accountId, List<String> phones) {
    tx.deleteFrom(ACCOUNT_PHONE).where(ACCOUNT_PHONE.ACCOUNT_ID.eq(accountId)).execute();
    for (String phone : phones.stream().distinct().collect(Collectors.toList())) {
      tx.insertInto(ACCOUNT_PHONE).set(ACCOUNT_PHONE.ACCOUNT_ID, accountId).set(ACCOUNT_PHONE.PHONE, phone).execute();
    }
  }

  public Optional<Account> findById(long id) {
    return find(database.dsl(), ACCOUNT.ID.eq(id));
  }

  public Optional<Account> findByName(String name) {
    return find(database.dsl(), ACCOUNT.NAME.eq(name));
  }

  /** Accounts knowing this E.164 number (usually one), by name. */
  public List<Account> findByPhone(String phone) {
    return database.dsl().select(ACCOUNT.fields()).select(phonesField())
        .from(ACCOUNT)
        .where(DSL.exists(DSL.selectOne().from(ACCOUNT_PHONE)
            .where(ACCOUNT_PHONE.ACCOUNT_ID.eq(ACCOUNT.ID)).and(ACCOUNT_PHONE.PHONE.eq(phone))))
        .orderBy(ACCOUNT.NAME)
        .fetch(AccountStore::toAccount);
  }

  public List<Account> list() {
    return database.dsl().select(ACCOUNT.fields()).select(phonesField())
        .from(ACCOUNT).orderBy(ACCOUNT.NAME).fetch(AccountStore::toAccount);
  }

  private static Optional<Account> find(DSLContext dsl, org.jooq.Condition condition) {
    return dsl.select(ACCOUNT.fields()).select(phonesField())
        .from(ACCOUNT).where(condition).fetchOptional(AccountStore::toAccount);
  }
}

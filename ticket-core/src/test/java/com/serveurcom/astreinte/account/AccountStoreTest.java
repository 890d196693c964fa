package com.serveurcom.astreinte.account;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.serveurcom.astreinte.testing.TestDatabase;
import com.serveurcom.astreinte.ticket.Service;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class AccountStoreTest {
  @RegisterExtension static final TestDatabase db = new TestDatabase();

  private AccountStore store() {
    return new AccountStore(db.database(), Clock.fixed(Instant.parse("2026-11-27T10:00:00Z"), ZoneOffset.UTC));
  }

  @Test
  void createsAndFindsByIdNameAndPhone() {
    AccountStore store = store();
    Account acme = store.create(new NewAccount("ACME Test", true, Set.of(Service.TECHNICAL),
        List.of("+33612340001", "+33612340002")));
    assertThat(acme.id()).isPositive();
    assertThat(acme.oncallServices()).containsExactly(Service.TECHNICAL);
    assertThat(acme.phones()).containsExactly("+33612340001", "+33612340002");

    assertThat(store.findById(acme.id())).contains(acme);
    assertThat(store.findByName("ACME Test")).contains(acme);
    assertThat(store.findByPhone("+33612340002")).containsExactly(acme);
    assertThat(store.findByPhone("+33600000000")).isEmpty();
    assertThat(store.findByName("Nobody")).isEmpty();
    assertThat(acme.coversOncall(Service.TECHNICAL)).isTrue();
    assertThat(acme.coversOncall(Service.COMMERCIAL)).isFalse();
  }

  @Test
  void namesAreUnique() {
    AccountStore store = store();
    store.create(new NewAccount("Unique SA", false, Set.of(), List.of()));
    assertThatThrownBy(() -> store.create(new NewAccount("Unique SA", true, Set.of(), List.of())))
        .isInstanceOf(AccountAlreadyExistsException.class).hasMessageContaining("Unique SA");
  }

  @Test
  void upsertByNameUpdatesInPlace() {
    AccountStore store = store();
    Account first = store.upsertByName(new NewAccount("Upsert SAS", false, Set.of(), List.of("+33611110000")));
    Account second = store.upsertByName(new NewAccount("Upsert SAS", true,
        Set.of(Service.TECHNICAL, Service.ADMINISTRATIVE), List.of("+33622220000")));
    assertThat(second.id()).isEqualTo(first.id());
    assertThat(second.oncallOption()).isTrue();
    assertThat(second.oncallServices()).containsExactlyInAnyOrder(Service.TECHNICAL, Service.ADMINISTRATIVE);
    assertThat(second.phones()).containsExactly("+33622220000");
    assertThat(store.findByPhone("+33611110000")).isEmpty();
  }

  @Test
  void rejectsPhonesThatAreNotE164() {
    assertThatThrownBy(() -> new NewAccount("X", false, Set.of(), List.of("0612345678")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("E.164");
  }
}

package com.serveurcom.astreinte.oncall;

import static org.assertj.core.api.Assertions.assertThat;

import com.serveurcom.astreinte.account.AccountStore;
import com.serveurcom.astreinte.demo.DemoFixture;
import com.serveurcom.astreinte.testing.MutableClock;
import com.serveurcom.astreinte.testing.TestDatabase;
import com.serveurcom.astreinte.testing.TestSla;
import com.serveurcom.astreinte.ticket.TicketStore;
import java.time.Instant;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The database-backed check over the acceptance fixture (calls.md), one case per reason. */
class OnCallEligibilityTest {
  @RegisterExtension static final TestDatabase db = new TestDatabase();
  private static final Instant SATURDAY_3AM = Instant.parse("2026-11-28T02:00:00Z");

  static OnCallEligibility eligibility;

  @BeforeAll
  static void fixture() {
    MutableClock clock = new MutableClock(SATURDAY_3AM);
    new DemoFixture(db.database(), new AccountStore(db.database(), clock),
        new TicketStore(db.database(), TestSla.TWENTY_FOUR_SEVEN, clock)).loadBundled();
    eligibility = new OnCallEligibility(db.database(), OnCallRules.defaults());
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
      "99999999, unknown_request",
      "26000004, request_closed",
      "26000007, request_non_compliant",
      "26000005, no_oncall_option",
      "26000003, service_not_covered",
      "26000002, priority_not_oncall",
      "'', unknown_request",
      "26a00001, unknown_request",
  })
  void refusals(String number, String reason) {
    Eligibility e = eligibility.check(number, "+33612345678", SATURDAY_3AM);
    assertThat(e).isInstanceOfSatisfying(Eligibility.Refused.class,
        r -> assertThat(r.reason().code()).isEqualTo(reason));
  }

  @Test
  void eligibleTicketComesWithItsAccount() {
    Eligibility e = eligibility.check("26000001", "+33612345678", SATURDAY_3AM);
    assertThat(e).isInstanceOfSatisfying(Eligibility.Eligible.class, ok -> {
      assertThat(ok.ticket().number()).isEqualTo("26000001");
      assertThat(ok.account().name()).isEqualTo("ACME Industrie");
      assertThat(ok.account().phones()).containsExactly("+33612345678");
    });
    assertThat(eligibility.check("26000006", null, SATURDAY_3AM).isEligible()).isTrue();
  }

  @Test
  void closingTheRequestInTheDatabaseChangesTheAnswer() {
    MutableClock clock = new MutableClock(SATURDAY_3AM);
    TicketStore tickets = new TicketStore(db.database(), TestSla.TWENTY_FOUR_SEVEN, clock);
    tickets.resolve("26000006", "tech", "fixed");
    Eligibility e = eligibility.check("26000006", "+33612345678", SATURDAY_3AM);
    assertThat(e).isEqualTo(new Eligibility.Refused(RefusalReason.REQUEST_CLOSED));
    tickets.reopen("26000006", "tech", "not fixed");
    assertThat(eligibility.check("26000006", "+33612345678", SATURDAY_3AM).isEligible()).isTrue();
  }
}

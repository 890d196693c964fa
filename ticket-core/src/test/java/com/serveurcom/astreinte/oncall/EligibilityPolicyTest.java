package com.serveurcom.astreinte.oncall;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.serveurcom.astreinte.account.Account;
import com.serveurcom.astreinte.ticket.Priority;
import com.serveurcom.astreinte.ticket.Service;
import com.serveurcom.astreinte.ticket.Ticket;
import com.serveurcom.astreinte.ticket.TicketStatus;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The pure decision: no database. */
class EligibilityPolicyTest {
  private static final Instant T0 = Instant.parse("2026-11-28T00:00:00Z");
  private static final Account ACME = new Account(1, "ACME", true, Set.of(Service.TECHNICAL), List.of("+33612345678"));
  private static final EligibilityPolicy POLICY = new EligibilityPolicy(OnCallRules.defaults());

  private static Ticket ticket(TicketStatus status, Priority priority, Service service, String name, String phone,
      String subject) {
    return new Ticket("26000001", 1, service, null, priority, status, subject, null, name, null, phone, null,
        T0, null, null, null, T0.plusSeconds(1800), T0.plusSeconds(14400), T0.plusSeconds(1800));
  }

  private static Ticket eligibleTicket() {
    return ticket(TicketStatus.NEW, Priority.HIGH, Service.TECHNICAL, "Jeanne", "+33612345678", "Panne");
  }

  private static RefusalReason reason(Eligibility e) {
    return ((Eligibility.Refused) e).reason();
  }

  @Test
  void anOpenCompliantCoveredHighTicketIsEligible() {
    Eligibility e = POLICY.decide(Optional.of(eligibleTicket()), Optional.of(ACME));
    assertThat(e).isEqualTo(new Eligibility.Eligible(eligibleTicket(), ACME));
    assertThat(e.isEligible()).isTrue();
  }

  @Test
  void unknownRequest() {
    assertThat(reason(POLICY.decide(Optional.empty(), Optional.empty()))).isEqualTo(RefusalReason.UNKNOWN_REQUEST);
    assertThat(reason(POLICY.decide(Optional.of(eligibleTicket()), Optional.empty())))
        .isEqualTo(RefusalReason.UNKNOWN_REQUEST);
  }

  @ParameterizedTest
  @EnumSource(value = TicketStatus.class, names = {"RESOLVED", "CLOSED"})
  void requestClosed(TicketStatus status) {
    Ticket t = ticket(status, Priority.HIGH, Service.TECHNICAL, "Jeanne", "+33612345678", "Panne");
    assertThat(reason(POLICY.decide(Optional.of(t), Optional.of(ACME)))).isEqualTo(RefusalReason.REQUEST_CLOSED);
  }

  @ParameterizedTest
  @EnumSource(value = TicketStatus.class, names = {"NEW", "IN_PROGRESS", "WAITING_CUSTOMER"})
  void openStatusesAreEligible(TicketStatus status) {
    Ticket t = ticket(status, Priority.HIGH, Service.TECHNICAL, "Jeanne", "+33612345678", "Panne");
    assertThat(POLICY.decide(Optional.of(t), Optional.of(ACME)).isEligible()).isTrue();
  }

  @Test
  void requestNonCompliantWithoutNameOrPhoneOrSubject() {
    for (Ticket t : List.of(
        ticket(TicketStatus.NEW, Priority.HIGH, Service.TECHNICAL, null, "+33612345678", "Panne"),
        ticket(TicketStatus.NEW, Priority.HIGH, Service.TECHNICAL, "Jeanne", " ", "Panne"),
        ticket(TicketStatus.NEW, Priority.HIGH, Service.TECHNICAL, "Jeanne", "+33612345678", null))) {
      assertThat(reason(POLICY.decide(Optional.of(t), Optional.of(ACME))))
          .isEqualTo(RefusalReason.REQUEST_NON_COMPLIANT);
    }
  }

  @Test
  void noOncallOption() {
    Account a = new Account(1, "Boulangerie", false, Set.of(Service.TECHNICAL), List.of());
    assertThat(reason(POLICY.decide(Optional.of(eligibleTicket()), Optional.of(a))))
        .isEqualTo(RefusalReason.NO_ONCALL_OPTION);
  }

  @Test
  void serviceNotCovered() {
    Ticket t = ticket(TicketStatus.NEW, Priority.HIGH, Service.COMMERCIAL, "Jeanne", "+33612345678", "Facture");
    assertThat(reason(POLICY.decide(Optional.of(t), Optional.of(ACME)))).isEqualTo(RefusalReason.SERVICE_NOT_COVERED);
  }

  @Test
  void priorityNotOncallFollowsTheConfiguredPriorities() {
    Ticket low = ticket(TicketStatus.NEW, Priority.LOW, Service.TECHNICAL, "Jeanne", "+33612345678", "Compte");
    assertThat(reason(POLICY.decide(Optional.of(low), Optional.of(ACME)))).isEqualTo(RefusalReason.PRIORITY_NOT_ONCALL);
    Ticket medium = ticket(TicketStatus.NEW, Priority.MEDIUM, Service.TECHNICAL, "Jeanne", "+33612345678", "Lent");
    assertThat(POLICY.decide(Optional.of(medium), Optional.of(ACME)).isEligible()).isTrue();

    OnCallRules highOnly = new OnCallRules(EnumSet.of(Priority.HIGH));
    assertThat(reason(EligibilityPolicy.decide(Optional.of(medium), Optional.of(ACME), highOnly)))
        .isEqualTo(RefusalReason.PRIORITY_NOT_ONCALL);
    OnCallRules all = new OnCallRules(EnumSet.allOf(Priority.class));
    assertThat(EligibilityPolicy.decide(Optional.of(low), Optional.of(ACME), all).isEligible()).isTrue();
  }

  @Test
  void theFirstFailedRuleIsTheReason() {
    Account bare = new Account(1, "Boulangerie", false, Set.of(), List.of());
    // closed + non-compliant + no option + not covered + low: closed comes first
    Ticket worst = ticket(TicketStatus.CLOSED, Priority.LOW, Service.COMMERCIAL, null, null, null);
    assertThat(reason(POLICY.decide(Optional.of(worst), Optional.of(bare)))).isEqualTo(RefusalReason.REQUEST_CLOSED);
    Ticket open = ticket(TicketStatus.NEW, Priority.LOW, Service.COMMERCIAL, null, null, null);
    assertThat(reason(POLICY.decide(Optional.of(open), Optional.of(bare)))).isEqualTo(RefusalReason.REQUEST_NON_COMPLIANT);
    Ticket compliant = ticket(TicketStatus.NEW, Priority.LOW, Service.COMMERCIAL, "P", "+33600000000", "S");
    assertThat(reason(POLICY.decide(Optional.of(compliant), Optional.of(bare)))).isEqualTo(RefusalReason.NO_ONCALL_OPTION);
    assertThat(reason(POLICY.decide(Optional.of(compliant), Optional.of(ACME)))).isEqualTo(RefusalReason.SERVICE_NOT_COVERED);
  }

  @Test
  void rulesNeedAtLeastOnePriorityAndTheTicketsOwnAccount() {
    assertThatThrownBy(() -> new OnCallRules(Set.of())).isInstanceOf(IllegalArgumentException.class);
    Account other = new Account(2, "Other", true, Set.of(Service.TECHNICAL), List.of());
    assertThatThrownBy(() -> POLICY.decide(Optional.of(eligibleTicket()), Optional.of(other)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void reasonCodes() {
    assertThat(RefusalReason.values()).extracting(RefusalReason::code).containsExactly("unknown_request",
        "request_closed", "request_non_compliant", "no_oncall_option", "service_not_covered", "priority_not_oncall",
        "no_request_number", "no_contact", "no_message");
  }
}

package com.serveurcom.astreinte.oncall;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class OnCallRequestStatusTest {
  private static final UnaryOperator<OnCallRequestStatus> PAGED = OnCallRequestStatus::paged;
  private static final UnaryOperator<OnCallRequestStatus> TAKEN = OnCallRequestStatus::takeInCharge;
  private static final UnaryOperator<OnCallRequestStatus> DECLINED = OnCallRequestStatus::decline;
  private static final UnaryOperator<OnCallRequestStatus> EXPIRED = OnCallRequestStatus::expire;

  @Test
  void anOpenRequestIsPagedThenTakenInChargeDeclinedOrExpired() {
    assertThat(PAGED.apply(OnCallRequestStatus.PENDING)).isEqualTo(OnCallRequestStatus.PAGING);
    assertThat(PAGED.apply(OnCallRequestStatus.PAGING)).isEqualTo(OnCallRequestStatus.PAGING);
    for (OnCallRequestStatus open : OnCallRequestStatus.OPEN) {
      assertThat(TAKEN.apply(open)).isEqualTo(OnCallRequestStatus.TAKEN_IN_CHARGE);
      assertThat(DECLINED.apply(open)).isEqualTo(OnCallRequestStatus.DECLINED);
      assertThat(EXPIRED.apply(open)).isEqualTo(OnCallRequestStatus.EXPIRED);
    }
  }

  @ParameterizedTest
  @EnumSource(value = OnCallRequestStatus.class, names = {"TAKEN_IN_CHARGE", "DECLINED", "EXPIRED"})
  void aClosedRequestRefusesEveryTransition(OnCallRequestStatus closed) {
    assertThat(closed.isOpen()).isFalse();
    for (UnaryOperator<OnCallRequestStatus> t : java.util.List.of(PAGED, TAKEN, DECLINED, EXPIRED)) {
      assertThatThrownBy(() -> t.apply(closed)).isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("cannot become");
    }
  }

  @ParameterizedTest
  @EnumSource(OnCallRequestStatus.class)
  void nothingBecomesPendingAgain(OnCallRequestStatus any) {
    assertThat(OnCallRequestStatus.PENDING.allowedFrom()).doesNotContain(any);
  }

  @Test
  void openIsExactlyTheStatusesThatSayOpen() {
    for (OnCallRequestStatus s : OnCallRequestStatus.values()) {
      assertThat(OnCallRequestStatus.OPEN.contains(s)).isEqualTo(s.isOpen());
      assertThat(OnCallRequestStatus.fromCode(s.code())).isEqualTo(s);
    }
    assertThat(OnCallRequestStatus.OPEN.stream().map(OnCallRequestStatus::code)).containsExactly("pending", "paging");
  }
}

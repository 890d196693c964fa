package com.serveurcom.astreinte.rota;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.serveurcom.astreinte.calendar.BusinessCalendar;
import com.serveurcom.astreinte.calendar.CalendarDefinition;
import com.serveurcom.astreinte.escalation.Contact;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Test;

class RotaTest {
  static final ZoneId PARIS = ZoneId.of("Europe/Paris");
  static final Technician A = new Technician("a", "Alice", "+33639980001");
  static final Technician B = new Technician("b", "Bruno", "+33639980002");
  static final Technician C = new Technician("c", "Chloé", "+33639980003");
  static final Contact LAST = new Contact("Permanence direction", "+33272646109", "direction@example.fr");
  static final BusinessCalendar SEED = new BusinessCalendar(CalendarDefinition.seed());
  /** Monday 5 January 2026, 09:00 Paris. */
  static final LocalDate CYCLE = LocalDate.of(2026, 1, 5);

  static Rota rota(List<String> order, LocalDate start, List<RotaOverride> overrides) {
    return new Rota(List.of(A, B, C), new Rotation(order, DayOfWeek.MONDAY, LocalTime.of(9, 0), start, PARIS),
        overrides, List.of("b", "c"), LAST, PagingTimings.seed(), OnCallScope.defaults());
  }

  static Rota seedLike() {
    return rota(List.of("a", "b", "c"), CYCLE, List.of());
  }

  static Instant paris(String localDateTime) {
    return LocalDateTime.parse(localDateTime).atZone(PARIS).toInstant();
  }

  @Test
  void rotationCyclesWeeklyAtTheHandOver() {
    Rota r = seedLike();
    assertThat(r.onDutyAt(paris("2026-01-05T09:00")).primary()).contains(A);
    assertThat(r.onDutyAt(paris("2026-01-12T08:59:59")).primary()).contains(A);
    assertThat(r.onDutyAt(paris("2026-01-12T09:00")).primary()).contains(B);
    assertThat(r.onDutyAt(paris("2026-01-19T09:00")).primary()).contains(C);
    assertThat(r.onDutyAt(paris("2026-01-26T09:00")).primary()).contains(A);
    // A year later the cycle has gone round: 52 weeks = 17 cycles + 1 week.
    assertThat(r.onDutyAt(paris("2027-01-04T09:00")).primary()).contains(B);
    OnDuty d = r.onDutyAt(paris("2026-01-14T03:00"));
    assertThat(d.source()).isEqualTo(DutySource.ROTATION);
    assertThat(d.since()).isEqualTo(paris("2026-01-12T09:00"));
    assertThat(d.until()).isEqualTo(paris("2026-01-19T09:00"));
  }

  @Test
  void backupsFollowTheChainWithoutThePrimary() {
    Rota r = seedLike();
    assertThat(r.onDutyAt(paris("2026-01-06T20:00")).backups()).containsExactly(B, C);
    assertThat(r.onDutyAt(paris("2026-01-13T20:00")).backups()).containsExactly(C);
    assertThat(r.onDutyAt(paris("2026-01-20T20:00")).backups()).containsExactly(B);
  }

  @Test
  void overrideBeatsTheRotationAndTheLastListedWins() {
    RotaOverride holiday = new RotaOverride(paris("2026-01-07T18:00"), paris("2026-01-10T00:00"), "c", "congés d'Alice");
    RotaOverride swap = new RotaOverride(paris("2026-01-08T00:00"), paris("2026-01-09T00:00"), "b", "échange");
    Rota r = rota(List.of("a", "b", "c"), CYCLE, List.of(holiday, swap));
    assertThat(r.onDutyAt(paris("2026-01-07T17:59")).primary()).contains(A);
    OnDuty d = r.onDutyAt(paris("2026-01-07T18:00"));
    assertThat(d.primary()).contains(C);
    assertThat(d.source()).isEqualTo(DutySource.OVERRIDE);
    assertThat(d.override()).contains(holiday);
    assertThat(d.backups()).containsExactly(B);
    assertThat(d.until()).isEqualTo(paris("2026-01-08T00:00"));
    assertThat(r.onDutyAt(paris("2026-01-08T12:00")).primary()).contains(B);
    assertThat(r.onDutyAt(paris("2026-01-09T12:00")).primary()).contains(C);
    assertThat(r.onDutyAt(paris("2026-01-10T00:00")).primary()).contains(A);
    assertThat(r.onDutyAt(paris("2026-01-10T00:00")).source()).isEqualTo(DutySource.ROTATION);
  }

  @Test
  void handOverStaysAtNineParisTimeAcrossBothDstChanges() {
    Rota r = seedLike();
    // Spring: clocks go forward on Sunday 29 March 2026; Monday 09:00 is 08:00Z before, 07:00Z after.
    Instant springBefore = Instant.parse("2026-03-23T08:00:00Z");
    Instant springAfter = Instant.parse("2026-03-30T07:00:00Z");
    assertThat(r.onDutyAt(springBefore.minusSeconds(1)).primary()).contains(B);
    assertThat(r.onDutyAt(springBefore).primary()).contains(C);
    assertThat(r.onDutyAt(springAfter.minusSeconds(1)).primary()).contains(C);
    assertThat(r.onDutyAt(springAfter).primary()).contains(A);
    assertThat(Duration.between(springBefore, springAfter)).isEqualTo(Duration.ofHours(167));
    // Autumn: clocks go back on Sunday 25 October 2026; 07:00Z before, 08:00Z after.
    Instant autumnBefore = Instant.parse("2026-10-19T07:00:00Z");
    Instant autumnAfter = Instant.parse("2026-10-26T08:00:00Z");
    OnDuty d = r.onDutyAt(Instant.parse("2026-10-25T01:30:00Z"));
    assertThat(d.since()).isEqualTo(autumnBefore);
    assertThat(d.until()).isEqualTo(autumnAfter);
    assertThat(r.onDutyAt(autumnAfter.minusSeconds(1)).primary()).isEqualTo(d.primary());
    assertThat(r.onDutyAt(autumnAfter).primary()).isNotEqualTo(d.primary());
    assertThat(Duration.between(autumnBefore, autumnAfter)).isEqualTo(Duration.ofHours(169));
  }

  @Test
  void weekListsTheHandOverInsideIt() {
    List<DutySlot> week = seedLike().week(LocalDate.of(2026, 3, 25));
    assertThat(week).hasSize(2);
    assertThat(week.get(0).start()).isEqualTo(paris("2026-03-23T00:00"));
    assertThat(week.get(0).end()).isEqualTo(Instant.parse("2026-03-23T08:00:00Z"));
    assertThat(week.get(0).technician()).contains(B);
    assertThat(week.get(1).technician()).contains(C);
    assertThat(week.get(1).end()).isEqualTo(paris("2026-03-30T00:00"));
    // The week after the spring change: hand-over at 07:00Z.
    List<DutySlot> next = seedLike().week(LocalDate.of(2026, 3, 30));
    assertThat(next.get(0).end()).isEqualTo(Instant.parse("2026-03-30T07:00:00Z"));
  }

  @Test
  void sameTechnicianTwoWeeksRunningIsOneSlot() {
    Rota r = rota(List.of("a"), CYCLE, List.of());
    assertThat(r.week(LocalDate.of(2026, 2, 4))).hasSize(1);
    assertThat(r.onDutyAt(paris("2026-02-04T00:00")).until()).isNull();
  }

  @Test
  void noGapWhenTheRotationCoversEverything() {
    assertThat(seedLike().gaps(paris("2026-01-05T09:00"), paris("2026-03-05T09:00"), SEED)).isEmpty();
  }

  @Test
  void rotationStartingLaterLeavesTheClosedHoursBeforeItUncovered() {
    Rota r = rota(List.of("a", "b"), LocalDate.of(2026, 1, 12), List.of());
    // Friday 9 January 2026 12:00 to Monday 12 January 09:00: closed at lunch, Friday evening, the
    // weekend and Monday early morning; open Friday 14:00-17:00 and Monday 08:30-09:00.
    List<Gap> gaps = r.gaps(paris("2026-01-09T12:00"), paris("2026-01-12T12:00"), SEED);
    assertThat(gaps).extracting(Gap::from, Gap::to).containsExactly(
        org.assertj.core.groups.Tuple.tuple(paris("2026-01-09T12:30"), paris("2026-01-09T14:00")),
        org.assertj.core.groups.Tuple.tuple(paris("2026-01-09T17:00"), paris("2026-01-12T08:30")));
    assertThat(gaps).allMatch(g -> g.cause() == Gap.Cause.BEFORE_CYCLE_START);
  }

  @Test
  void emptyRotationIsAGapWheneverClosedWithoutOverride() {
    RotaOverride weekend = new RotaOverride(paris("2026-01-09T17:00"), paris("2026-01-12T08:30"), "a", null);
    Rota r = rota(List.of(), CYCLE, List.of(weekend));
    List<Gap> gaps = r.gaps(paris("2026-01-09T00:00"), paris("2026-01-13T00:00"), SEED);
    assertThat(gaps).extracting(Gap::from).containsExactly(
        paris("2026-01-09T00:00"), paris("2026-01-09T12:30"), paris("2026-01-12T12:30"), paris("2026-01-12T18:00"));
    assertThat(gaps).allMatch(g -> g.cause() == Gap.Cause.EMPTY_ROTATION);
  }

  @Test
  void overrideToAnUnknownTechnicianIsAGapNamingIt() {
    RotaOverride removed = new RotaOverride(paris("2026-01-10T10:00"), paris("2026-01-10T12:00"), "zoe", "départ");
    Rota r = rota(List.of("a", "b", "c"), CYCLE, List.of(removed));
    OnDuty d = r.onDutyAt(paris("2026-01-10T11:00"));
    assertThat(d.covered()).isFalse();
    assertThat(d.technicianId()).isEqualTo("zoe");
    assertThat(d.backups()).containsExactly(B, C);
    List<Gap> gaps = r.gaps(paris("2026-01-05T09:00"), paris("2026-02-05T09:00"), SEED);
    assertThat(gaps).containsExactly(new Gap(paris("2026-01-10T10:00"), paris("2026-01-10T12:00"),
        Gap.Cause.UNKNOWN_TECHNICIAN, "zoe"));
  }

  @Test
  void uncoveredOpeningHoursAreNoGap() {
    // Nobody on Tuesday 6 January 10:00-12:00, while the agents answer: not a gap.
    RotaOverride removed = new RotaOverride(paris("2026-01-06T10:00"), paris("2026-01-06T12:00"), "zoe", null);
    Rota r = rota(List.of("a", "b", "c"), CYCLE, List.of(removed));
    assertThat(r.gaps(paris("2026-01-05T09:00"), paris("2026-01-20T09:00"), SEED)).isEmpty();
  }

  @Test
  void weekShowsOverridesAsTheirOwnSlots() {
    RotaOverride swap = new RotaOverride(paris("2026-01-07T18:00"), paris("2026-01-08T08:30"), "c", "échange");
    List<DutySlot> week = rota(List.of("a", "b", "c"), CYCLE, List.of(swap)).week(LocalDate.of(2026, 1, 7));
    // Monday 00:00-09:00 precedes the cycle's first hand-over: nobody.
    assertThat(week).extracting(DutySlot::technicianId).containsExactly(null, "a", "c", "a");
    assertThat(week.get(0).source()).isEqualTo(DutySource.NONE);
    assertThat(week.get(2).source()).isEqualTo(DutySource.OVERRIDE);
    assertThat(week.get(2).override()).contains(swap);
    assertThat(week.get(2).start()).isEqualTo(paris("2026-01-07T18:00"));
    assertThat(week.get(3).end()).isEqualTo(paris("2026-01-12T00:00"));
  }

  @Test
  void handOverInsideTheSpringGapMovesToTheFirstRealInstant() {
    // Sunday 02:30 does not exist on 29 March 2026 in Paris: the hand-over happens at 03:30 CEST.
    Rotation r = new Rotation(List.of("a", "b"), DayOfWeek.SUNDAY, LocalTime.of(2, 30), LocalDate.of(2026, 3, 22), PARIS);
    assertThat(r.handOver(1)).isEqualTo(Instant.parse("2026-03-29T01:30:00Z"));
    assertThat(r.weekAt(Instant.parse("2026-03-29T01:29:59Z"))).isZero();
    assertThat(r.weekAt(Instant.parse("2026-03-29T01:30:00Z"))).isEqualTo(1);
  }

  @Test
  void valuesRejectNonsense() {
    assertThatThrownBy(() -> new Technician("x", "X", "0639980001")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Rotation(List.of("a"), DayOfWeek.MONDAY, LocalTime.NOON, LocalDate.of(2026, 1, 6), PARIS))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new RotaOverride(paris("2026-01-06T10:00"), paris("2026-01-06T10:00"), "a", null))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new PagingTimings(Duration.ofMinutes(5), Duration.ofMinutes(15), Duration.ofMinutes(45)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new PagingTimings(Duration.ofMinutes(15), Duration.ofMinutes(15), Duration.ofMinutes(30)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Rota(List.of(A, A), seedLike().rotation(), List.of(), List.of(), LAST,
        PagingTimings.seed(), OnCallScope.defaults())).isInstanceOf(IllegalArgumentException.class);
    assertThat(A.maskedMobile()).isEqualTo("+33*******01");
  }
}

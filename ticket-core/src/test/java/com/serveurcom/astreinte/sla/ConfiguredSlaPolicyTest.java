package com.serveurcom.astreinte.sla;

import com.serveurcom.astreinte.ticket.SlaDeadlines;
import static org.assertj.core.api.Assertions.assertThat;

import com.serveurcom.astreinte.calendar.BusinessCalendar;
import com.serveurcom.astreinte.calendar.CalendarDefinition;
import com.serveurcom.astreinte.ticket.Priority;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import org.junit.jupiter.api.Test;

class ConfiguredSlaPolicyTest {
  private final BusinessCalendar calendar = new BusinessCalendar(CalendarDefinition.seed());
  private final ConfiguredSlaPolicy policy = new ConfiguredSlaPolicy(SlaTargets.seed(), calendar);

  static Instant paris(String t) {
    return ZonedDateTime.of(LocalDateTime.parse(t), ZoneId.of("Europe/Paris")).toInstant();
  }

  @Test
  void deadlineLandingOnAClosingTimeIsThatClosingTime() {
    assertThat(calendar.addBusinessHours(paris("2026-11-23T08:30"), Duration.ofHours(4))).isEqualTo(paris("2026-11-23T12:30"));
    assertThat(calendar.addBusinessHours(paris("2026-11-27T16:30"), Duration.ofHours(4))).isEqualTo(paris("2026-11-30T12:00"));
    assertThat(calendar.addBusinessHours(paris("2026-11-23T07:00"), Duration.ZERO)).isEqualTo(paris("2026-11-23T08:30"));
  }

  @Test
  void businessDaysCountWholeWorkingDays() {
    assertThat(calendar.addBusinessDays(paris("2026-11-27T16:30"), Duration.ofHours(48))).isEqualTo(paris("2026-12-01T16:30"));
    // Opened on a Saturday: starts Monday 00:00, ends at the end of Tuesday (the end of a working day, not Wednesday).
    assertThat(calendar.addBusinessDays(paris("2026-11-28T10:00"), Duration.ofHours(48))).isEqualTo(paris("2026-12-02T00:00"));
  }

  @Test
  void twentyFourSevenAcrossBothDstChangesIsRealTime() {
    Instant spring = paris("2026-03-28T12:00");
    assertThat(policy.deadlines(Priority.MEDIUM, spring, true).resolveBy()).isEqualTo(spring.plus(Duration.ofHours(24)));
    assertThat(policy.deadlines(Priority.MEDIUM, spring, true).resolveBy()).isEqualTo(paris("2026-03-29T13:00"));
    Instant autumn = paris("2026-10-24T12:00");
    assertThat(policy.deadlines(Priority.MEDIUM, autumn, true).resolveBy()).isEqualTo(paris("2026-10-25T11:00"));
  }

  @Test
  void businessHoursAcrossBothDstChangesCountLocalOpeningTime() {
    assertThat(calendar.addBusinessHours(paris("2026-03-27T16:00"), Duration.ofHours(2))).isEqualTo(paris("2026-03-30T09:30"));
    assertThat(calendar.addBusinessHours(paris("2026-10-23T16:00"), Duration.ofHours(2))).isEqualTo(paris("2026-10-26T09:30"));
    assertThat(calendar.addBusinessDays(paris("2026-03-27T12:00"), Duration.ofHours(24))).isEqualTo(paris("2026-03-30T12:00"));
  }

  @Test
  void withoutTheOnCallOption24x7CountsInBusinessHours() {
    Instant fridayEvening = paris("2026-11-27T19:00");
    SlaDeadlines d = policy.deadlines(Priority.HIGH, fridayEvening, false);
    assertThat(d.takeChargeBy()).isEqualTo(paris("2026-11-30T09:00"));
    assertThat(d.resolveBy()).isEqualTo(paris("2026-11-30T12:30")); // 4 h = the whole morning, ends at closing
    SlaDeadlines medium = policy.deadlines(Priority.MEDIUM, fridayEvening, false);
    assertThat(medium.resolveBy()).isEqualTo(paris("2026-12-02T18:00")); // 24 h of opening time = Mon, Tue, Wed (8 h each)
    // low is unaffected: its clocks are not 24x7.
    assertThat(policy.deadlines(Priority.LOW, fridayEvening, false)).isEqualTo(policy.deadlines(Priority.LOW, fridayEvening, true));
  }

  @Test
  void longBusinessDurationsCrossYears() {
    Instant from = paris("2026-12-01T09:00");
    Instant d = calendar.addBusinessHours(from, Duration.ofHours(7 * 50 + 30));
    assertThat(d).isAfter(paris("2027-01-01T00:00"));
    assertThat(calendar.status(d.minusSeconds(1)).open()).isTrue();
  }
}

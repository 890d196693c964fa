package com.serveurcom.astreinte.calendar;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BusinessCalendarTest {
  private static final ZoneId PARIS = ZoneId.of("Europe/Paris");
  private final BusinessCalendar seed = new BusinessCalendar(CalendarDefinition.seed());

  static Instant paris(String localDateTime) {
    return ZonedDateTime.of(java.time.LocalDateTime.parse(localDateTime), PARIS).toInstant();
  }

  private static BusinessCalendar with(List<DatedClosure> closures, List<ExceptionalOpening> openings, HolidayRules h) {
    CalendarDefinition s = CalendarDefinition.seed();
    return new BusinessCalendar(new CalendarDefinition(s.zone(), s.hours(), h, closures, openings));
  }

  // Easter Sunday itself is no holiday: its Monday is, the day after.
  @ParameterizedTest(name = "Easter {0} = {1}")
  @CsvSource({"2024,2024-03-31", "2025,2025-04-20", "2026,2026-04-05", "2027,2027-03-28", "2028,2028-04-16",
      "2019,2019-04-21", "2038,2038-04-25", "2285,2285-03-22", "1818,1818-03-22"})
  void easterSunday(int year, String date) {
    LocalDate sunday = LocalDate.parse(date);
    assertThat(HolidayRules.seed().holidayOn(sunday.plusDays(1))).contains("Lundi de Pâques");
    assertThat(HolidayRules.seed().holidayOn(sunday)).isEmpty();
  }

  @ParameterizedTest(name = "{0}: Easter Monday {1}, Ascension {2}, Whit Monday {3}")
  @CsvSource({"2024,2024-04-01,2024-05-09,2024-05-20", "2025,2025-04-21,2025-05-29,2025-06-09",
      "2026,2026-04-06,2026-05-14,2026-05-25", "2027,2027-03-29,2027-05-06,2027-05-17"})
  void easterBasedHolidaysAreClosedDays(int year, String easterMonday, String ascension, String whitMonday) {
    for (String d : List.of(easterMonday, ascension, whitMonday)) {
      CalendarStatus s = seed.status(paris(d + "T10:00"));
      assertThat(s.open()).isFalse();
      assertThat(s.reason()).isEqualTo(Reason.HOLIDAY);
      assertThat(seed.isWorkingDay(LocalDate.parse(d))).isFalse();
    }
    assertThat(seed.holidayOn(LocalDate.parse(easterMonday))).contains("Lundi de Pâques");
  }

  @Test
  void halfOpenIntervalsAndNextChange() {
    CalendarStatus s = seed.status(paris("2026-11-23T08:30"));
    assertThat(s.open()).isTrue();
    assertThat(s.nextChange()).isEqualTo(paris("2026-11-23T12:30"));
    CalendarStatus lunch = seed.status(paris("2026-11-23T12:30"));
    assertThat(lunch.reason()).isEqualTo(Reason.OUTSIDE_HOURS);
    assertThat(lunch.nextChange()).isEqualTo(paris("2026-11-23T14:00"));
    CalendarStatus fridayEvening = seed.status(paris("2026-11-27T17:00"));
    assertThat(fridayEvening.open()).isFalse();
    assertThat(fridayEvening.nextChange()).isEqualTo(paris("2026-11-30T08:30"));
  }

  @Test
  void newYearAcrossTheYearBoundary() {
    CalendarStatus s = seed.status(paris("2026-12-31T18:00"));
    assertThat(s.open()).isFalse();
    assertThat(s.nextChange()).isEqualTo(paris("2027-01-04T08:30"));
    assertThat(seed.status(paris("2027-01-01T00:00")).reason()).isEqualTo(Reason.HOLIDAY);
    assertThat(seed.addBusinessHours(paris("2026-12-31T17:00"), Duration.ofHours(2)))
        .isEqualTo(paris("2027-01-04T09:30"));
  }

  @Test
  void bothDstChanges() {
    // Sunday 29 March 2026, 02:00 -> 03:00; Monday opens at 08:30 CEST = 06:30Z.
    assertThat(seed.status(paris("2026-03-27T17:30")).nextChange()).isEqualTo(Instant.parse("2026-03-30T06:30:00Z"));
    // Sunday 25 October 2026, 03:00 -> 02:00; Monday opens at 08:30 CET = 07:30Z.
    assertThat(seed.status(paris("2026-10-23T17:30")).nextChange()).isEqualTo(Instant.parse("2026-10-26T07:30:00Z"));
    assertThat(seed.status(Instant.parse("2026-03-30T06:30:00Z")).open()).isTrue();
    assertThat(seed.status(Instant.parse("2026-10-26T07:29:59Z")).open()).isFalse();
  }

  @Test
  void holidayOnAWeekendReportsHoliday() {
    assertThat(seed.status(paris("2026-11-01T10:00")).reason()).isEqualTo(Reason.HOLIDAY); // a Sunday
    assertThat(seed.status(paris("2026-08-15T10:00")).reason()).isEqualTo(Reason.HOLIDAY); // a Saturday
  }

  @Test
  void droppedAndAddedHolidays() {
    BusinessCalendar c = with(List.of(), List.of(), new HolidayRules(true, java.util.Optional.empty(), Set.of(FrenchHoliday.WHIT_MONDAY),
        List.of(new AddedHoliday(null, java.time.MonthDay.of(12, 26), "Saint-Étienne"))));
    assertThat(c.status(paris("2026-05-25T10:00")).reason()).isEqualTo(Reason.HOURS);
    assertThat(c.status(paris("2029-12-26T10:00")).reason()).isEqualTo(Reason.HOLIDAY);
    assertThat(seed.status(paris("2029-12-26T10:00")).reason()).isEqualTo(Reason.HOURS);
  }

  @Test
  void closureOfAnAfternoonAndOfAWholeDay() {
    BusinessCalendar c = with(List.of(
            new DatedClosure(LocalDate.of(2026, 12, 24), TimeRange.of("14:00", "18:00"), "Réveillon"),
            new DatedClosure(LocalDate.of(2026, 12, 31), null, null)),
        List.of(), HolidayRules.seed());
    assertThat(c.status(paris("2026-12-24T10:00")).reason()).isEqualTo(Reason.HOURS);
    CalendarStatus s = c.status(paris("2026-12-24T12:00"));
    assertThat(s.nextChange()).isEqualTo(paris("2026-12-24T12:30"));
    CalendarStatus closed = c.status(paris("2026-12-24T15:00"));
    assertThat(closed.open()).isFalse();
    assertThat(closed.reason()).isEqualTo(Reason.CLOSURE);
    assertThat(closed.nextChange()).isEqualTo(paris("2026-12-28T08:30"));
    assertThat(c.status(paris("2026-12-31T10:00")).reason()).isEqualTo(Reason.CLOSURE);
    assertThat(c.isWorkingDay(LocalDate.of(2026, 12, 31))).isFalse();
    assertThat(c.day(LocalDate.of(2026, 12, 24)).openSlots()).extracting(DayPlan.Slot::range)
        .containsExactly(TimeRange.of("08:30", "12:30"));
  }

  @Test
  void exceptionalOpeningOnASaturdayAndOnAHoliday() {
    BusinessCalendar c = with(List.of(), List.of(
            new ExceptionalOpening(LocalDate.of(2026, 12, 5), TimeRange.of("09:00", "12:00"), "Migration"),
            new ExceptionalOpening(LocalDate.of(2026, 11, 11), TimeRange.of("10:00", "11:00"), null)),
        HolidayRules.seed());
    CalendarStatus s = c.status(paris("2026-12-05T09:00"));
    assertThat(s.open()).isTrue();
    assertThat(s.reason()).isEqualTo(Reason.EXCEPTIONAL_OPENING);
    assertThat(s.nextChange()).isEqualTo(paris("2026-12-05T12:00"));
    assertThat(c.status(paris("2026-12-05T12:00")).reason()).isEqualTo(Reason.WEEKEND);
    assertThat(c.status(paris("2026-12-04T18:00")).nextChange()).isEqualTo(paris("2026-12-05T09:00"));
    assertThat(c.status(paris("2026-11-11T10:30")).reason()).isEqualTo(Reason.EXCEPTIONAL_OPENING);
    assertThat(c.addBusinessHours(paris("2026-12-04T16:00"), Duration.ofHours(2)))
        .isEqualTo(paris("2026-12-05T10:00"));
  }

  @Test
  void forceClosedUntilTheNextNaturalChange() {
    ManualOverride o = ManualOverride.forceClosed(paris("2026-11-23T10:00"), null);
    assertThat(seed.overrideEnd(o)).isEqualTo(paris("2026-11-23T12:30"));
    CalendarStatus s = seed.status(paris("2026-11-23T11:00"), o);
    assertThat(s.open()).isFalse();
    assertThat(s.reason()).isEqualTo(Reason.OVERRIDE);
    // At 12:30 the natural state is closed too, so the line next opens at 14:00.
    assertThat(s.nextChange()).isEqualTo(paris("2026-11-23T14:00"));
    assertThat(seed.status(paris("2026-11-23T14:00"), o).reason()).isEqualTo(Reason.HOURS);
    assertThat(seed.status(paris("2026-11-23T09:00"), o).nextChange()).isEqualTo(paris("2026-11-23T10:00"));
  }

  @Test
  void forceOpenUntilTheNextNaturalChange() {
    ManualOverride o = ManualOverride.forceOpen(paris("2026-11-23T07:00"), null);
    CalendarStatus s = seed.status(paris("2026-11-23T07:30"), o);
    assertThat(s.open()).isTrue();
    assertThat(s.reason()).isEqualTo(Reason.OVERRIDE);
    // Ends at the natural opening (08:30), after which it is open anyway until 12:30.
    assertThat(s.nextChange()).isEqualTo(paris("2026-11-23T12:30"));
    assertThat(seed.status(paris("2026-11-23T09:00"), o).reason()).isEqualTo(Reason.HOURS);
  }

  @Test
  void forceOpenAndForceClosedUntilAnInstant() {
    ManualOverride open = ManualOverride.forceOpen(paris("2026-11-28T09:00"), paris("2026-11-28T13:00"));
    CalendarStatus s = seed.status(paris("2026-11-28T12:59"), open);
    assertThat(s.open()).isTrue();
    assertThat(s.nextChange()).isEqualTo(paris("2026-11-28T13:00"));
    assertThat(seed.status(paris("2026-11-28T13:00"), open).reason()).isEqualTo(Reason.WEEKEND);

    ManualOverride closed = ManualOverride.forceClosed(paris("2026-11-23T09:00"), paris("2026-11-24T11:00"));
    CalendarStatus c = seed.status(paris("2026-11-23T15:00"), closed);
    assertThat(c.open()).isFalse();
    assertThat(c.nextChange()).isEqualTo(paris("2026-11-24T11:00"));
    assertThat(seed.withOverride(closed).apply(paris("2026-11-24T11:00")).open()).isTrue();
  }

  @Test
  void weekListing() {
    List<DayPlan> week = seed.week(LocalDate.of(2026, 12, 24));
    assertThat(week).extracting(DayPlan::date).first().isEqualTo(LocalDate.of(2026, 12, 21));
    assertThat(week).hasSize(7);
    assertThat(week.get(0).openSlots()).hasSize(2);
    assertThat(week.get(4).openSlots()).isEmpty(); // Christmas
    assertThat(week.get(4).slots().get(0).label()).isEqualTo("Noël");
    assertThat(week.get(5).slots().get(0).reason()).isEqualTo(Reason.WEEKEND);
  }
}

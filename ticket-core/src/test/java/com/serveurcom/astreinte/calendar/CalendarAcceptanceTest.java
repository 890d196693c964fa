package com.serveurcom.astreinte.calendar;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvFileSource;

/** Every row of the shared acceptance table calendar-cases.csv, against the seed calendar. */
class CalendarAcceptanceTest {
  private static final BusinessCalendar CALENDAR = new BusinessCalendar(CalendarDefinition.seed());

  @ParameterizedTest(name = "{0} {1} {2}")
  @CsvFileSource(resources = "/acceptance/calendar-cases.csv", numLinesToSkip = 1)
  void row(String instant, String open, String reason) {
    CalendarStatus s = CALENDAR.status(Instant.parse(instant));
    assertThat(s.open()).isEqualTo(open.equals("open"));
    assertThat(s.reason().code()).isEqualTo(reason);
    assertThat(s.nextChange()).isAfter(s.instant());
  }
}

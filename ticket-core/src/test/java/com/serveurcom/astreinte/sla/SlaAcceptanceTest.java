package com.serveurcom.astreinte.sla;

import com.serveurcom.astreinte.ticket.SlaDeadlines;
import com.serveurcom.astreinte.ticket.SlaPolicy;
import static org.assertj.core.api.Assertions.assertThat;

import com.serveurcom.astreinte.calendar.BusinessCalendar;
import com.serveurcom.astreinte.calendar.CalendarDefinition;
import com.serveurcom.astreinte.ticket.Priority;
import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvFileSource;

/** Every row of sla-cases.csv: seed targets, account WITH the on-call option (24x7 counts as 24x7). */
class SlaAcceptanceTest {
  private static final SlaPolicy POLICY =
      new ConfiguredSlaPolicy(SlaTargets.seed(), new BusinessCalendar(CalendarDefinition.seed()));

  @ParameterizedTest(name = "{0} {1}")
  @CsvFileSource(resources = "/acceptance/sla-cases.csv", numLinesToSkip = 1)
  void row(String priority, String opened, String takeChargeBy, String resolveBy) {
    SlaDeadlines d = POLICY.deadlines(Priority.fromCode(priority), Instant.parse(opened), true);
    assertThat(d.takeChargeBy()).isEqualTo(Instant.parse(takeChargeBy));
    assertThat(d.resolveBy()).isEqualTo(Instant.parse(resolveBy));
  }
}

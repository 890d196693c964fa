package com.serveurcom.astreinte.escalation;

import static org.assertj.core.api.Assertions.assertThat;

import com.serveurcom.astreinte.ticket.Priority;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvFileSource;

/** Every row of escalation-cases.csv against the seed thresholds. */
class EscalationAcceptanceTest {
  private static final EscalationMatrix MATRIX = EscalationMatrix.seed(Map.of());

  @ParameterizedTest(name = "{0} {1} {2} -> {3}")
  @CsvFileSource(resources = "/acceptance/escalation-cases.csv", numLinesToSkip = 1)
  void row(String priority, String deadline, String now, int level) {
    assertThat(MATRIX.level(Priority.fromCode(priority), Instant.parse(deadline), Instant.parse(now)))
        .isEqualTo(level);
  }
}

package com.serveurcom.astreinte.database;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class TimestampsTest {
  @Test
  void aLoggedInstantIsParisTimeWithItsOffset() {
    assertThat(Timestamps.paris(Instant.parse("2026-01-15T09:30:00.750Z"))).isEqualTo("2026-01-15T10:30:00+01:00");
    assertThat(Timestamps.paris(Instant.parse("2026-07-15T09:30:00Z"))).isEqualTo("2026-07-15T11:30:00+02:00");
    assertThat(Timestamps.paris(null)).isEqualTo("null");
  }
}

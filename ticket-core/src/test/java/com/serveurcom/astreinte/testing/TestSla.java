package com.serveurcom.astreinte.testing;

import com.serveurcom.astreinte.ticket.SlaDeadlines;
import com.serveurcom.astreinte.ticket.SlaPolicy;
import java.time.Duration;

/** SLA targets counted in plain elapsed time (24x7), ignoring the calendar and the on-call option. */
public final class TestSla {
  private TestSla() {}

  public static final SlaPolicy TWENTY_FOUR_SEVEN = (priority, from, onCallOption) -> switch (priority) {
    case LOW -> new SlaDeadlines(from.plus(Duration.ofHours(4)), from.plus(Duration.ofHours(48)));
    case MEDIUM -> new SlaDeadlines(from.plus(Duration.ofHours(2)), from.plus(Duration.ofHours(24)));
    case HIGH -> new SlaDeadlines(from.plus(Duration.ofMinutes(30)), from.plus(Duration.ofHours(4)));
  };
}

package com.serveurcom.astreinte.rota;

import java.time.Duration;
import java.util.Objects;

/**
 * How the paging engine chases a page until someone takes charge. The on-call technician is paged
 * again every {@code retryInterval}; from {@code backupsAfter} the backup technicians are paged
 * too, in chain order; {@code takeChargeWindow} is the commitment (30 minutes in the seed), after
 * which the last-resort contact is alerted. All three are checked to be increasing and within
 * {@link #MAX_WINDOW}: chasing after the commitment has passed would be pointless.
 */
public record PagingTimings(Duration retryInterval, Duration backupsAfter, Duration takeChargeWindow) {
  /** The seed's promise: an on-call technician takes charge within 30 minutes. */
  public static final Duration MAX_WINDOW = Duration.ofMinutes(30);

  public PagingTimings {
    Objects.requireNonNull(retryInterval, "retryInterval");
    Objects.requireNonNull(backupsAfter, "backupsAfter");
    Objects.requireNonNull(takeChargeWindow, "takeChargeWindow");
    if (retryInterval.isNegative() || retryInterval.isZero()
        || backupsAfter.compareTo(retryInterval) <= 0
        || takeChargeWindow.compareTo(backupsAfter) <= 0
        || takeChargeWindow.compareTo(MAX_WINDOW) > 0) {
      throw new IllegalArgumentException("paging timings must satisfy 0 < retry < backups-after < window <= 30 min: "
          + retryInterval + ", " + backupsAfter + ", " + takeChargeWindow);
    }
  }

  /** 5 min / 15 min / 30 min. */
  public static PagingTimings seed() {
    return new PagingTimings(Duration.ofMinutes(5), Duration.ofMinutes(15), Duration.ofMinutes(30));
  }
}

package com.serveurcom.astreinte.rota;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/** One stretch [{@code start}, {@code end}) with the same technician on duty for the same reason. */
public record DutySlot(Instant start, Instant end, Optional<Technician> technician, String technicianId,
    DutySource source, Optional<RotaOverride> override) {
  public DutySlot {
    Objects.requireNonNull(start, "start");
    Objects.requireNonNull(end, "end");
    Objects.requireNonNull(technician, "technician");
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(override, "override");
  }
}

package com.serveurcom.astreinte.rota;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Who is on duty at {@code at}: the primary technician (empty when nobody is: a gap if the line is
 * closed), the backups to page after him in order (the chain minus the primary and unknown ids),
 * the rule that decided, and the stretch [{@code since}, {@code until}) during which this answer
 * holds ({@code since} null if it holds since forever, {@code until} null if it holds forever).
 *
 * @param technicianId the id the rule named, even when no such technician exists (a gap's cause)
 * @param override the override in force, when {@code source} is {@code OVERRIDE}
 */
public record OnDuty(Instant at, Optional<Technician> primary, String technicianId, DutySource source,
    Optional<RotaOverride> override, List<Technician> backups, Instant since, Instant until) {
  public OnDuty {
    Objects.requireNonNull(at, "at");
    Objects.requireNonNull(primary, "primary");
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(override, "override");
    backups = List.copyOf(backups);
  }

  public boolean covered() {
    return primary.isPresent();
  }
}

package com.serveurcom.astreinte.rota;

import java.time.Instant;
import java.util.Objects;

/**
 * A closed period of the line [{@code from}, {@code to}) with nobody on duty: a customer calling
 * then would leave a message no one is paged for. {@code cause} says why; {@code technicianId} is
 * the unknown id a rule named (cause {@code UNKNOWN_TECHNICIAN}), else null.
 */
public record Gap(Instant from, Instant to, Cause cause, String technicianId) {
  public enum Cause {
    /** The rotation has no technician. */
    EMPTY_ROTATION,
    /** The rotation's cycle starts later. */
    BEFORE_CYCLE_START,
    /** A rule names a technician the rota does not list (removed, or a typo in code-built rotas). */
    UNKNOWN_TECHNICIAN
  }

  public Gap {
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(to, "to");
    Objects.requireNonNull(cause, "cause");
  }
}

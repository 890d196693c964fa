package com.serveurcom.astreinte.providers;

import com.serveurcom.astreinte.twilio.TwilioSettings;
import java.util.Objects;
import java.util.Optional;

/**
 * Which pager a server pages through, decided once at start. A production server with no real
 * pager would tell every caller "registered" and page nobody, so it is refused: the log pager runs
 * only for the demo or when asked for by name ({@code ASTREINTE_PAGER=log}).
 *
 * @param name   {@code twilio} or {@code log}: what the ready line and {@code /readyz} say
 * @param twilio the Twilio account when {@code name} is {@code twilio}
 */
public record PagerChoice(String name, Optional<TwilioSettings> twilio) {
  public static final String ENV_PAGER = "ASTREINTE_PAGER";

  public PagerChoice {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(twilio, "twilio");
  }

  /** No real pager, and none may be assumed: what to set, for the person starting the server (French). */
  public static final class NoPager extends RuntimeException {
    private static final long serialVersionUID = 1L;

    NoPager(String message) {
      super(message);
    }
  }

  /**
   * @param askedFor {@value #ENV_PAGER} as set ({@code twilio}, {@code log}), empty when not set
   * @param twilio   the Twilio account the settings give, empty without its credentials
   * @param demo     a demo run may fall back to the log pager without being asked
   * @throws NoPager when no real pager is configured and the log pager was not asked for
   */
  public static PagerChoice choose(Optional<String> askedFor, Optional<TwilioSettings> twilio, boolean demo) {
    String asked = askedFor.map(String::trim).orElse("");
    if (asked.equals("log")) {
      return new PagerChoice("log", Optional.empty());
    }
    if (!asked.isEmpty() && !asked.equals("twilio")) {
      throw new NoPager(ENV_PAGER + " vaut '" + asked + "' : valeurs possibles twilio ou log.");
    }
    if (twilio.isPresent()) {
      return new PagerChoice("twilio", twilio);
    }
    if (demo && asked.isEmpty()) {
      return new PagerChoice("log", Optional.empty());
    }
    throw new NoPager("aucun moyen d'alerter le technicien d'astreinte n'est configuré : définir "
        + TwilioSettings.ENV_ACCOUNT_SID + ", " + TwilioSettings.ENV_AUTH_TOKEN + ", " + TwilioSettings.ENV_FROM
        + " et " + TwilioSettings.ENV_PUBLIC_URL + ", ou " + ENV_PAGER
        + "=log pour seulement journaliser les pages (personne ne sera alerté).");
  }

  public boolean isLog() {
    return name.equals("log");
  }
}

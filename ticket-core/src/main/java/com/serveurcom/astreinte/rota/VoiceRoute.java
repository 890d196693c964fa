package com.serveurcom.astreinte.rota;

import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * Which provider places voice pages, and which one takes over when it cannot (the {@code voix} section
 * of astreinte.yaml). SMS always go through the SMS provider (Twilio, or the log pager).
 *
 * @param provider  {@code asterisk} (the operator's own PBX, AMI Originate) or {@code twilio}
 * @param fallback  the provider used when {@code provider} cannot place the call (AMI link down, Originate
 *                  refused, provider failure); empty for none
 * @param pbx       how the PBX dials a technician; null when Asterisk is not used at all
 */
public record VoiceRoute(String provider, Optional<String> fallback, Pbx pbx) {
  public static final String ASTERISK = "asterisk";
  public static final String TWILIO = "twilio";

  /** Without a {@code voix} section: voice pages go where SMS go (Twilio or the log pager), as before. */
  public static final VoiceRoute TWILIO_ONLY = new VoiceRoute(TWILIO, Optional.empty(), null);

  public VoiceRoute {
    Objects.requireNonNull(provider, "provider");
    Objects.requireNonNull(fallback, "fallback");
    if (!provider.equals(ASTERISK) && !provider.equals(TWILIO)) {
      throw new IllegalArgumentException("voice provider must be asterisk or twilio: " + provider);
    }
    if (fallback.isPresent() && fallback.get().equals(provider)) {
      fallback = Optional.empty();
    }
    boolean asterisk = provider.equals(ASTERISK) || fallback.filter(ASTERISK::equals).isPresent();
    if (asterisk && pbx == null) {
      throw new IllegalArgumentException("asterisk voice pages need the PBX settings");
    }
  }

  public boolean usesAsterisk() {
    return provider.equals(ASTERISK) || fallback.filter(ASTERISK::equals).isPresent();
  }

  /** How the technician's number is written in the dial string. */
  public enum NumberForm {
    /** {@code +33639980001} as in the rota. */
    E164,
    /** {@code 0639980001}: French national form (a +33 number only; others stay E.164). */
    NATIONAL;

    public String write(String e164) {
      if (this == NATIONAL && e164 != null && e164.startsWith("+33") && e164.length() == 12) {
        return "0" + e164.substring(3);
      }
      return e164;
    }

    public static NumberForm parse(String text) {
      return switch (text.toLowerCase(Locale.ROOT)) {
        case "e164", "e.164", "international" -> E164;
        case "national" -> NATIONAL;
        default -> throw new IllegalArgumentException(text);
      };
    }
  }

  /**
   * The PBX side of a voice page.
   *
   * @param dialString  with {@code {numero}}, for example {@code PJSIP/{numero}@trunk-operateur}
   * @param numberForm  how {@code {numero}} is written
   * @param callerId    the number the technician sees (the support number), E.164
   * @param callerName  the name shown with it
   * @param ringTimeout how long the technician's phone rings (Originate {@code Timeout})
   * @param context     the dialplan context that hands the answered call to the {@code page} script
   */
  public record Pbx(String dialString, NumberForm numberForm, String callerId, String callerName, Duration ringTimeout,
      String context) {
    public static final String NUMBER = "{numero}";

    public Pbx {
      Objects.requireNonNull(dialString, "dialString");
      if (!dialString.contains(NUMBER)) {
        throw new IllegalArgumentException("dial string without " + NUMBER + ": " + dialString);
      }
      Objects.requireNonNull(numberForm, "numberForm");
      Objects.requireNonNull(callerId, "callerId");
      Objects.requireNonNull(callerName, "callerName");
      Objects.requireNonNull(ringTimeout, "ringTimeout");
      Objects.requireNonNull(context, "context");
    }

    /** The Originate {@code Channel} for this technician's mobile. */
    public String channel(String e164) {
      return dialString.replace(NUMBER, numberForm.write(e164));
    }

    /** The Originate {@code CallerID}: {@code "name" <number>}. */
    public String callerIdHeader() {
      return "\"" + callerName.replace("\"", "") + "\" <" + callerId + ">";
    }
  }
}

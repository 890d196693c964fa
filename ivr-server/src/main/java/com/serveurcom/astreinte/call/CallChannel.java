package com.serveurcom.astreinte.call;

import java.time.Duration;
import java.util.Optional;

/**
 * What the support line's flow needs of an Asterisk channel, in its own words. The AGI adapter
 * implements it over asterisk-java; unit tests implement it with a scripted caller.
 *
 * <p>Every method throws {@link CallerHungUp} once the caller is gone, except those Asterisk still
 * serves on a dead channel ({@link #variable}, {@link #setVariable}, {@link #voicemail}), so the
 * flow can still collect what was recorded before the hangup.
 */
public interface CallChannel {

  String uniqueId();

  /** Caller ID number as Asterisk gives it; empty when withheld or unknown. */
  Optional<String> callerId();

  void answer();

  /** Plays a sound; returns false when Asterisk could not play it (missing file). */
  boolean play(String sound);

  /**
   * Plays {@code prompt} and reads up to {@code maxDigits} keys, {@code #} ending the input.
   *
   * @return the keys (may start with {@code *}), or empty when the caller keyed nothing in time
   */
  Optional<String> readDigits(String prompt, Duration timeout, int maxDigits);

  void sayDigits(String digits);

  /** Runs a dialplan application ({@code Queue}, {@code VoiceMail}, ...) and returns its result code. */
  int exec(String application, String arguments);

  Optional<String> variable(String name);

  void setVariable(String name, String value);

  /** Ends the call; Asterisk tears the channel down once the AGI socket closes. */
  void hangup();

  /** Whether the caller is known to have hung up. */
  boolean hungUp();
}

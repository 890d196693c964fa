package com.serveurcom.astreinte.voicemail;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * The voicemail intake's settings from the environment (never from tracked files, like the rest).
 *
 * @param spool     {@value #ENV_SPOOL}, Asterisk's voicemail spool ({@code /var/spool/asterisk/voicemail});
 *                  empty: no claim and no safety net (the server runs, and says so at start-up)
 * @param mailbox   {@value #ENV_MAILBOX}, default {@value #DEFAULT_MAILBOX}
 * @param retention {@value #ENV_RETENTION_DAYS} in days, default 90
 */
public record VoicemailEnvironment(Optional<Path> spool, String mailbox, Duration retention) {
  public static final String ENV_SPOOL = "ASTREINTE_VOICEMAIL_SPOOL";
  /** Proposed, not yet in DESIGN.md: the on-call box is fixed there as 100@astreinte. */
  public static final String ENV_MAILBOX = "ASTREINTE_VOICEMAIL_MAILBOX";
  /** Proposed, not yet in DESIGN.md. */
  public static final String ENV_RETENTION_DAYS = "ASTREINTE_RECORDING_RETENTION_DAYS";
  public static final String DEFAULT_MAILBOX = "100@astreinte";

  public static VoicemailEnvironment fromEnvironment(Map<String, String> env) {
    Optional<Path> spool = text(env, ENV_SPOOL).map(Path::of);
    String mailbox = text(env, ENV_MAILBOX).orElse(DEFAULT_MAILBOX);
    if (!mailbox.matches("[A-Za-z0-9_-]+@[A-Za-z0-9_-]+")) {
      throw new IllegalArgumentException(ENV_MAILBOX + " must be box@context: " + mailbox);
    }
    Duration retention = RecordingStore.DEFAULT_RETENTION;
    Optional<String> days = text(env, ENV_RETENTION_DAYS);
    if (days.isPresent()) {
      if (!days.get().matches("[0-9]{1,5}") || Integer.parseInt(days.get()) == 0) {
        throw new IllegalArgumentException(ENV_RETENTION_DAYS + " must be a positive number of days: " + days.get());
      }
      retention = Duration.ofDays(Integer.parseInt(days.get()));
    }
    return new VoicemailEnvironment(spool, mailbox, retention);
  }

  private static Optional<String> text(Map<String, String> env, String name) {
    String v = env.get(name);
    return v == null || v.isBlank() ? Optional.empty() : Optional.of(v.strip());
  }
}

package com.serveurcom.astreinte.voicemail;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * The voicemail intake's settings, given by the server's settings (from the environment, never from
 * tracked files, like the rest).
 *
 * @param spool     {@value #ENV_SPOOL}, Asterisk's voicemail spool ({@code /var/spool/asterisk/voicemail});
 *                  empty: no claim and no safety net (the server runs, and says so at start-up)
 * @param mailbox   {@value #ENV_MAILBOX}, default {@value #DEFAULT_MAILBOX}
 * @param retention {@value #ENV_RETENTION_DAYS} in days, default 90
 */
public record VoicemailSettings(Optional<Path> spool, String mailbox, Duration retention) {
  public static final String ENV_SPOOL = "ASTREINTE_VOICEMAIL_SPOOL";
  /** Proposed, not yet in DESIGN.md: the on-call box is fixed there as 100@astreinte. */
  public static final String ENV_MAILBOX = "ASTREINTE_VOICEMAIL_MAILBOX";
  /** Proposed, not yet in DESIGN.md. */
  public static final String ENV_RETENTION_DAYS = "ASTREINTE_RECORDING_RETENTION_DAYS";
  public static final String DEFAULT_MAILBOX = "100@astreinte";

  /**
   * From the variables' texts (null or blank: the default).
   *
   * @throws IllegalArgumentException naming the variable whose text does not fit
   */
  public static VoicemailSettings of(String spoolText, String mailboxText, String retentionDays) {
    Optional<Path> spool = text(spoolText).map(Path::of);
    String mailbox = text(mailboxText).orElse(DEFAULT_MAILBOX);
    if (!mailbox.matches("[A-Za-z0-9_-]+@[A-Za-z0-9_-]+")) {
      throw new IllegalArgumentException(ENV_MAILBOX + " vaut '" + mailbox + "' : il faut la forme box@context, par exemple " + DEFAULT_MAILBOX);
    }
    Duration retention = RecordingStore.DEFAULT_RETENTION;
    Optional<String> days = text(retentionDays);
    if (days.isPresent()) {
      if (!days.get().matches("[0-9]{1,5}") || Integer.parseInt(days.get()) == 0) {
        throw new IllegalArgumentException(ENV_RETENTION_DAYS + " vaut '" + days.get() + "' : il faut un nombre de jours entier et positif");
      }
      retention = Duration.ofDays(Integer.parseInt(days.get()));
    }
    return new VoicemailSettings(spool, mailbox, retention);
  }

  /** The same with {@code spool} as the spool (the demo's own when none was given). */
  public VoicemailSettings withSpool(Path spool) {
    return new VoicemailSettings(Optional.of(spool), mailbox, retention);
  }

  private static Optional<String> text(String v) {
    return v == null || v.isBlank() ? Optional.empty() : Optional.of(v.strip());
  }
}

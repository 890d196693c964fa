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
 * @param asteriskSpool {@value #ENV_ASTERISK_SPOOL}, the same spool as Asterisk sees it when it is not where this
 *                  server sees it (two hosts: Asterisk writes {@code /var/spool/asterisk/voicemail}, this server reads
 *                  it mounted at {@code spool}); empty: the same path on both
 */
public record VoicemailSettings(Optional<Path> spool, String mailbox, Duration retention, Optional<Path> asteriskSpool) {
  public static final String ENV_SPOOL = "ASTREINTE_VOICEMAIL_SPOOL";
  /** The spool's path on the Asterisk host, when this server mounts it elsewhere (the page script plays from it). */
  public static final String ENV_ASTERISK_SPOOL = "ASTREINTE_ASTERISK_VOICEMAIL_SPOOL";
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
    return of(spoolText, mailboxText, retentionDays, null);
  }

  /**
   * From the variables' texts (null or blank: the default), with the spool's path on the Asterisk host.
   *
   * @throws IllegalArgumentException naming the variable whose text does not fit
   */
  public static VoicemailSettings of(String spoolText, String mailboxText, String retentionDays,
      String asteriskSpoolText) {
    Optional<Path> spool = text(spoolText).map(Path::of);
    Optional<Path> asteriskSpool = text(asteriskSpoolText).map(Path::of);
    if (asteriskSpool.isPresent() && !asteriskSpool.get().isAbsolute()) {
      throw new IllegalArgumentException(ENV_ASTERISK_SPOOL + " vaut '" + asteriskSpool.get() + "' : il faut un chemin"
          + " absolu, celui du spool sur la machine Asterisk (par exemple /var/spool/asterisk/voicemail)");
    }
    if (asteriskSpool.isPresent() && spool.isEmpty()) {
      throw new IllegalArgumentException(ENV_ASTERISK_SPOOL + " n'a de sens qu'avec " + ENV_SPOOL
          + " (le même spool, vu par ce serveur)");
    }
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
    return new VoicemailSettings(spool, mailbox, retention, asteriskSpool);
  }

  /** The same with {@code spool} as the spool (the demo's own when none was given). */
  public VoicemailSettings withSpool(Path spool) {
    return new VoicemailSettings(Optional.of(spool), mailbox, retention, asteriskSpool);
  }

  /**
   * A file of the spool as Asterisk sees it, from its path as this server sees it (as recorded with the
   * message): the spool's root replaced by {@link #asteriskSpool}. Unchanged without that setting, or for a
   * path outside the spool.
   */
  public String asteriskPath(String serverPath) {
    if (serverPath == null || spool.isEmpty() || asteriskSpool.isEmpty()) {
      return serverPath;
    }
    Path file = Path.of(serverPath).normalize();
    Path root = spool.get().toAbsolutePath().normalize();
    if (!file.startsWith(root)) {
      return serverPath;
    }
    return asteriskSpool.get().normalize().resolve(root.relativize(file)).toString();
  }

  private static Optional<String> text(String v) {
    return v == null || v.isBlank() ? Optional.empty() : Optional.of(v.strip());
  }
}

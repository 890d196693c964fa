package com.serveurcom.astreinte.voicemail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The INBOX of one mailbox in Asterisk's voicemail spool ({@code ASTREINTE_VOICEMAIL_SPOOL}, usually
 * {@code /var/spool/asterisk/voicemail}): {@code <spool>/<context>/<box>/INBOX/msgNNNN.txt|.wav}.
 *
 * <p>app_voicemail renumbers the files to close the gap when a message is removed, so {@code msg0001}
 * may be another message tomorrow. Everything here is keyed on the {@code msg_id} inside the file;
 * a file name is only a way to reach it at one instant.
 */
public final class VoicemailSpool {
  private static final Logger LOG = LoggerFactory.getLogger(VoicemailSpool.class);
  private static final Pattern MSG_FILE = Pattern.compile("msg[0-9]{4,}");
  private static final Pattern MAILBOX = Pattern.compile("([A-Za-z0-9_-]+)@([A-Za-z0-9_-]+)");

  private final Path root;
  private final String mailbox;
  private final Path inbox;

  /**
   * @param root    Asterisk's voicemail spool ({@code /var/spool/asterisk/voicemail})
   * @param mailbox {@code box@context}, e.g. {@code 100@astreinte}
   */
  public VoicemailSpool(Path root, String mailbox) {
    this.root = Objects.requireNonNull(root, "root").toAbsolutePath().normalize();
    var m = MAILBOX.matcher(Objects.requireNonNull(mailbox, "mailbox"));
    if (!m.matches()) {
      throw new IllegalArgumentException("la boîte vocale doit être de la forme box@context (par exemple 100@astreinte) : " + mailbox);
    }
    this.mailbox = mailbox;
    this.inbox = this.root.resolve(m.group(2)).resolve(m.group(1)).resolve("INBOX");
  }

  /** {@code box@context}, as MessageWaiting names it. */
  public String mailbox() {
    return mailbox;
  }

  public Path inbox() {
    return inbox;
  }

  /**
   * Every readable message of the INBOX, in file order. A file that cannot be parsed is logged and
   * skipped (it is reported at each scan until someone looks at it) rather than stopping the others.
   */
  public List<SpoolMessage> list() {
    List<SpoolMessage> out = new ArrayList<>();
    for (Path txt : metadataFiles()) {
      try {
        read(txt).ifPresent(out::add);
      } catch (MalformedMessageException e) {
        LOG.error("spool de la messagerie vocale : {}", e.getMessage());
      }
    }
    return out;
  }

  /**
   * A message whose {@code .txt} cannot be parsed: it cannot be identified by msg_id, yet someone must
   * hear it. Identified by a digest of its files' contents instead, which renumbering does not change.
   */
  public record BrokenMessage(Path metadataFile, Optional<Path> audio, String error, Instant modifiedAt, String digest) {}

  /** The INBOX files {@link #list()} skips because they cannot be parsed. */
  public List<BrokenMessage> listBroken() {
    List<BrokenMessage> out = new ArrayList<>();
    for (Path txt : metadataFiles()) {
      try {
        read(txt);
      } catch (MalformedMessageException e) {
        String name = txt.getFileName().toString();
        Path wav = txt.resolveSibling(name.substring(0, name.length() - 4) + ".wav");
        Optional<Path> audio = Files.isRegularFile(wav) ? Optional.of(wav) : Optional.empty();
        try {
          MessageDigest sha = MessageDigest.getInstance("SHA-256");
          sha.update(Files.readAllBytes(txt));
          if (audio.isPresent()) {
            sha.update(Files.readAllBytes(audio.get()));
          }
          out.add(new BrokenMessage(txt, audio, e.getMessage(), Files.getLastModifiedTime(txt).toInstant(),
              HexFormat.of().formatHex(sha.digest())));
        } catch (IOException | NoSuchAlgorithmException gone) {
          // Removed meanwhile (or no SHA-256): seen again, or not, at the next scan.
        }
      }
    }
    return out;
  }

  /** The message with this msg_id, wherever renumbering put it. */
  public Optional<SpoolMessage> find(String msgId) {
    return list().stream().filter(m -> m.msgId().equals(msgId)).findFirst();
  }

  /**
   * Reads the message a {@code VM_MESSAGEFILE} value names, at this instant. The value is a path on
   * the Asterisk host; only its last four parts ({@code <context>/<box>/INBOX/msgNNNN}) are used, so
   * the spool may be mounted elsewhere here.
   *
   * @return empty when the file is not there (any more)
   * @throws MalformedMessageException when the value is not a message file of this mailbox or the
   *     file cannot be parsed
   */
  public Optional<SpoolMessage> resolve(String vmMessageFile) {
    if (vmMessageFile == null || vmMessageFile.isBlank()) {
      throw new MalformedMessageException("VM_MESSAGEFILE est vide");
    }
    Path given = Path.of(vmMessageFile.strip()).normalize();
    int n = given.getNameCount();
    if (n < 4 || !MSG_FILE.matcher(given.getFileName().toString()).matches()) {
      throw new MalformedMessageException("ce n'est pas un fichier de message vocal : " + vmMessageFile);
    }
    Path tail = given.subpath(n - 4, n);
    Path local = root.resolve(tail).normalize();
    if (!local.getParent().equals(inbox)) {
      throw new MalformedMessageException("le fichier de message " + vmMessageFile + " n'est pas dans l'INBOX de " + mailbox);
    }
    return read(local.resolveSibling(local.getFileName() + ".txt"));
  }

  private List<Path> metadataFiles() {
    if (!Files.isDirectory(inbox)) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(inbox)) {
      return files.filter(p -> {
        String name = p.getFileName().toString();
        return name.endsWith(".txt") && MSG_FILE.matcher(name.substring(0, name.length() - 4)).matches();
      }).sorted().toList();
    } catch (NoSuchFileException e) {
      return List.of();
    } catch (IOException e) {
      throw new UncheckedIOException("impossible de lister " + inbox, e);
    }
  }

  private Optional<SpoolMessage> read(Path txt) {
    String text;
    try {
      // Decoded leniently: a caller name in another charset must not hide the message.
      text = new String(Files.readAllBytes(txt), StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      // Removed or renumbered between the listing and the read: the next scan sees the new layout.
      return Optional.empty();
    } catch (IOException e) {
      throw new MalformedMessageException(txt + ": illisible : " + e.getMessage(), e);
    }
    MessageMetadata meta = MessageMetadata.parse(text, txt.toString());
    String name = txt.getFileName().toString();
    Path base = txt.resolveSibling(name.substring(0, name.length() - 4));
    Path wav = base.resolveSibling(base.getFileName() + ".wav");
    return Optional.of(new SpoolMessage(meta, base, Files.isRegularFile(wav) ? Optional.of(wav) : Optional.empty()));
  }
}

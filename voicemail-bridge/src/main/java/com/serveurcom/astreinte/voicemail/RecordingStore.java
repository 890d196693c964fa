package com.serveurcom.astreinte.voicemail;

import com.serveurcom.astreinte.database.StoredJson;
import com.serveurcom.astreinte.database.Timestamps;
import static com.serveurcom.astreinte.database.generated.Tables.AUDIT_LOG;
import static com.serveurcom.astreinte.database.generated.Tables.TICKET;
import static com.serveurcom.astreinte.database.generated.Tables.ONCALL_REQUEST;
import static com.serveurcom.astreinte.database.generated.Tables.VOICEMAIL_MESSAGE;

import com.serveurcom.astreinte.database.Database;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.serveurcom.astreinte.outbox.Outbox;
import com.serveurcom.astreinte.ticket.TicketEventKind;
import com.serveurcom.astreinte.ticket.TicketHistory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jooq.impl.DSL;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The product's own copy of each on-call recording, {@code <data>/recordings/<msg_id>.wav}: Asterisk's
 * spool belongs to Asterisk (a technician may delete a message from a phone, files are renumbered),
 * while a page and its recording link must keep working for the retention time.
 */
public final class RecordingStore {
  /** Recordings are personal data: kept 90 days unless configured otherwise. */
  public static final Duration DEFAULT_RETENTION = Duration.ofDays(90);
  /** Where the HTTP layer serves a recording: {@code /recordings/<msg_id>.wav}. */
  public static final String URL_PREFIX = "/recordings/";

  private static final Logger LOG = LoggerFactory.getLogger(RecordingStore.class);
  private static final Pattern MSG_ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");

  private final Path directory;
  private final Database database;

  /** @param directory {@code <data>/recordings}; created when missing */
  public RecordingStore(Path directory, Database database) {
    this.directory = Objects.requireNonNull(directory, "directory").toAbsolutePath().normalize();
    this.database = Objects.requireNonNull(database, "database");
  }

  /** What one purge removed. */
  public record Purge(Instant cutoff, List<String> msgIds, int strayFiles) {}

  /**
   * Deletes the recordings made before {@code now - retention}: the file goes, the message row stays
   * (marked {@code purged_at}) so reports still count it, and each purge leaves an audit entry plus a
   * {@code recording_purged} event on the ticket the message was about. Files without a row (a crash
   * between the copy and the insert) go by their modification time.
   */
  public Purge purgeOlderThan(Duration retention, Instant now) {
    if (retention.isNegative() || retention.isZero()) {
      throw new IllegalArgumentException("la durée de conservation doit être strictement positive : " + retention);
    }
    Instant cutoff = now.minus(retention);
    List<String> purged = new ArrayList<>();
    var due = database.dsl().select(VOICEMAIL_MESSAGE.MSG_ID, VOICEMAIL_MESSAGE.TICKET_NUMBER)
        .from(VOICEMAIL_MESSAGE)
        .where(VOICEMAIL_MESSAGE.PURGED_AT.isNull())
        .and(VOICEMAIL_MESSAGE.RECORDED_AT.lt(Timestamps.utc(cutoff)))
        .orderBy(VOICEMAIL_MESSAGE.RECORDED_AT)
        .fetch();
    for (var r : due) {
      String msgId = r.value1();
      String ticket = r.value2();
      // File first: a crash after it leaves a row purged again next time, never a file kept forever.
      delete(msgId);
      database.transaction(tx -> {
        int changed = tx.update(VOICEMAIL_MESSAGE)
            .set(VOICEMAIL_MESSAGE.PURGED_AT, Timestamps.utc(now))
            .set(VOICEMAIL_MESSAGE.STORED_PATH, (String) null)
            .where(VOICEMAIL_MESSAGE.MSG_ID.eq(msgId)).and(VOICEMAIL_MESSAGE.PURGED_AT.isNull())
            .execute();
        if (changed == 1 && ticket != null && tx.fetchExists(TICKET, TICKET.NUMBER.eq(ticket))) {
          TicketHistory.append(tx, new TicketHistory.Entry(ticket, now, "astreinte", TicketEventKind.RECORDING_PURGED,
              Map.of("msg_id", msgId, "retention_days", retention.toDays())));
        }
      });
      purged.add(msgId);
    }
    int stray = purgeStrayFiles(cutoff);
    if (!purged.isEmpty() || stray > 0) {
      Map<String, Object> details = new LinkedHashMap<>();
      details.put("cutoff", cutoff.toString());
      details.put("retention_days", retention.toDays());
      details.put("count", purged.size());
      details.put("msg_ids", String.join(",", purged));
      details.put("stray_files", stray);
      database.dsl().insertInto(AUDIT_LOG)
          .set(AUDIT_LOG.AT, Timestamps.utc(now))
          .set(AUDIT_LOG.ACTOR, "astreinte")
          .set(AUDIT_LOG.KIND, "recordings_purged")
          .set(AUDIT_LOG.DETAILS, org.jooq.JSONB.jsonb(json(details)))
          .execute();
      LOG.info("enregistrements purgés : {} antérieur(s) au {} ({} fichier(s) sans message en base)", purged.size(), Timestamps.paris(cutoff), stray);
    }
    return new Purge(cutoff, List.copyOf(purged), stray);
  }

  private int purgeStrayFiles(Instant cutoff) {
    if (!Files.isDirectory(directory)) {
      return 0;
    }
    List<String> known;
    int n = 0;
    try (Stream<Path> files = Files.list(directory)) {
      List<Path> old = files.filter(Files::isRegularFile).filter(p -> modifiedBefore(p, cutoff)).toList();
      if (old.isEmpty()) {
        return 0;
      }
      known = database.dsl().select(VOICEMAIL_MESSAGE.MSG_ID).from(VOICEMAIL_MESSAGE)
          .where(VOICEMAIL_MESSAGE.PURGED_AT.isNull()).fetch(VOICEMAIL_MESSAGE.MSG_ID);
      for (Path p : old) {
        Optional<String> id = msgIdOfFileName(p.getFileName().toString());
        if (id.isPresent() && known.contains(id.get())) {
          continue; // its row decides, by recorded_at
        }
        Files.deleteIfExists(p);
        n++;
      }
    } catch (IOException e) {
      throw new UncheckedIOException("impossible de purger " + directory, e);
    }
    return n;
  }

  private static boolean modifiedBefore(Path p, Instant cutoff) {
    try {
      FileTime t = Files.getLastModifiedTime(p);
      return t.toInstant().isBefore(cutoff);
    } catch (IOException e) {
      return false;
    }
  }

  public Path directory() {
    return directory;
  }

  /** The path a recording is served under, to be signed with SignedUrls. */
  public static String urlPath(String msgId) {
    return URL_PREFIX + requireMsgId(msgId) + ".wav";
  }

  /** The msg_id of a served file name ({@code <msg_id>.wav}), empty for anything else. */
  public static Optional<String> msgIdOfFileName(String fileName) {
    if (fileName == null || !fileName.endsWith(".wav")) {
      return Optional.empty();
    }
    String id = fileName.substring(0, fileName.length() - 4);
    return MSG_ID.matcher(id).matches() ? Optional.of(id) : Optional.empty();
  }

  /**
   * Copies {@code audio} in as {@code <msg_id>.wav}, atomically: a reader sees the whole file or none.
   * Storing the same msg_id again keeps the first copy (it is the same message).
   */
  public Path store(String msgId, Path audio) {
    Path target = pathOf(msgId);
    if (Files.isRegularFile(target)) {
      return target;
    }
    try {
      Files.createDirectories(directory);
      Path tmp = Files.createTempFile(directory, "." + msgId + "-", ".part");
      try {
        Files.copy(audio, tmp, StandardCopyOption.REPLACE_EXISTING);
        try {
          Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
          Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
        }
      } finally {
        Files.deleteIfExists(tmp);
      }
      return target;
    } catch (IOException e) {
      throw new UncheckedIOException("impossible de copier l'enregistrement " + msgId + " depuis " + audio, e);
    }
  }

  /**
   * The stored recording of the {@code n}-th message (from 1) of the latest on-call request of a ticket: what
   * a voice page built before the message was copied links to ({@code /recordings/<request>/<n>}). The page
   * often leaves before the call's claim has copied the audio; Twilio fetches the link only once the
   * technician answers, by when it usually has. The message is the request's n-th message file when the
   * store knows it, else its n-th stored message by recording time. Empty when not (or no longer) stored.
   */
  public Optional<String> messageOfRequest(String ticketNumber, int n) {
    if (ticketNumber == null || !ticketNumber.matches("\\d{1,20}") || n < 1) {
      return Optional.empty();
    }
    var request = DSL.select(ONCALL_REQUEST.ID, ONCALL_REQUEST.MESSAGE_REFS).from(ONCALL_REQUEST)
        .where(ONCALL_REQUEST.TICKET_NUMBER.eq(ticketNumber)).orderBy(ONCALL_REQUEST.ID.desc()).limit(1);
    var row = database.dsl().fetchOptional(request);
    if (row.isEmpty()) {
      return Optional.empty();
    }
    long requestId = row.get().value1();
    String[] refs = row.get().value2();
    var stored = VOICEMAIL_MESSAGE.ONCALL_REQUEST_ID.eq(requestId).and(VOICEMAIL_MESSAGE.STORED_PATH.isNotNull())
        .and(VOICEMAIL_MESSAGE.PURGED_AT.isNull());
    if (refs != null && n <= refs.length && refs[n - 1] != null) {
      Optional<String> byFile = database.dsl().select(VOICEMAIL_MESSAGE.MSG_ID).from(VOICEMAIL_MESSAGE)
          .where(stored).and(VOICEMAIL_MESSAGE.MESSAGE_FILE.eq(refs[n - 1])).limit(1)
          .fetchOptional(VOICEMAIL_MESSAGE.MSG_ID);
      if (byFile.isPresent()) {
        return byFile;
      }
    }
    return database.dsl().select(VOICEMAIL_MESSAGE.MSG_ID).from(VOICEMAIL_MESSAGE).where(stored)
        .orderBy(VOICEMAIL_MESSAGE.RECORDED_AT).offset(n - 1).limit(1).fetchOptional(VOICEMAIL_MESSAGE.MSG_ID);
  }

  public Optional<Path> find(String msgId) {
    if (msgId == null || !MSG_ID.matcher(msgId).matches()) {
      return Optional.empty();
    }
    Path p = pathOf(msgId);
    return Files.isRegularFile(p) ? Optional.of(p) : Optional.empty();
  }

  /** @return whether a file was there */
  public boolean delete(String msgId) {
    try {
      return Files.deleteIfExists(pathOf(msgId));
    } catch (IOException e) {
      throw new UncheckedIOException("impossible de supprimer l'enregistrement " + msgId, e);
    }
  }

  private Path pathOf(String msgId) {
    return directory.resolve(requireMsgId(msgId) + ".wav");
  }

  private static String requireMsgId(String msgId) {
    if (msgId == null || !MSG_ID.matcher(msgId).matches()) {
      // Also what keeps "../" out of the store.
      throw new IllegalArgumentException("ce n'est pas un msg_id : " + msgId);
    }
    return msgId;
  }

  private static final ObjectMapper JSON = StoredJson.MAPPER;

  private static String json(Map<String, Object> details) {
    try {
      return JSON.writeValueAsString(details);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("détails d'audit impossibles à écrire en JSON : " + e.getOriginalMessage(), e);
    }
  }
}

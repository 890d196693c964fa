package com.serveurcom.astreinte.pbx;

import static com.serveurcom.astreinte.database.generated.Tables.ONCALL_REQUEST;
import static com.serveurcom.astreinte.database.generated.Tables.TICKET;
import static com.serveurcom.astreinte.database.generated.Tables.VOICEMAIL_MESSAGE;

import com.serveurcom.astreinte.database.Database;
import com.serveurcom.astreinte.oncall.OnCallRequests;
import com.serveurcom.astreinte.ticket.Priority;
import java.time.Instant;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.jooq.impl.DSL;

/**
 * What the {@code page} script says of a request, read when the technician answers: its open request
 * (none when it was taken in charge or declined meanwhile), priority, age, message count, the call-back
 * number and the latest message's file in Asterisk's voicemail spool.
 *
 * @param spoolMessage the latest message's spool path without extension ({@code STREAM FILE} wants it so:
 *                     with {@code .wav} Asterisk finds no file), empty when none is known
 */
public record PageFacts(String requestNumber, boolean open, Priority priority, Instant createdAt, int messages,
    String callbackNumber, Optional<String> spoolMessage) {

  /** Empty when no on-call request has this number at all; the message's path as recorded. */
  public static Optional<PageFacts> read(Database database, String requestNumber) {
    return read(database, requestNumber, UnaryOperator.identity());
  }

  /**
   * Empty when no on-call request has this number at all.
   *
   * @param asteriskPath the recorded message's path (as this server sees the spool) to Asterisk's
   *                     ({@code VoicemailSettings#asteriskPath}): {@code STREAM FILE} runs on the PBX
   */
  public static Optional<PageFacts> read(Database database, String requestNumber, UnaryOperator<String> asteriskPath) {
    var dsl = database.dsl();
    var r = dsl.select(ONCALL_REQUEST.ID, ONCALL_REQUEST.CREATED_AT, ONCALL_REQUEST.CALLBACK_NUMBER,
            ONCALL_REQUEST.MESSAGE_REFS, TICKET.PRIORITY,
            DSL.field(OnCallRequests.isOpen(ONCALL_REQUEST.STATUS)).as("open"))
        .from(ONCALL_REQUEST).leftJoin(TICKET).on(TICKET.NUMBER.eq(ONCALL_REQUEST.TICKET_NUMBER))
        .where(ONCALL_REQUEST.TICKET_NUMBER.eq(requestNumber))
        .orderBy(ONCALL_REQUEST.ID.desc()).limit(1).fetchOne();
    if (r == null) {
      return Optional.empty();
    }
    long id = r.value1();
    String file = dsl.select(VOICEMAIL_MESSAGE.MESSAGE_FILE).from(VOICEMAIL_MESSAGE)
        .where(VOICEMAIL_MESSAGE.ONCALL_REQUEST_ID.eq(id))
        .orderBy(VOICEMAIL_MESSAGE.RECORDED_AT.desc()).limit(1).fetchOne(VOICEMAIL_MESSAGE.MESSAGE_FILE);
    String[] refs = r.value4();
    String priority = r.value5();
    return Optional.of(new PageFacts(requestNumber, Boolean.TRUE.equals(r.get("open", Boolean.class)),
        priority == null ? null : Priority.fromCode(priority), r.value2().toInstant(),
        refs == null ? 1 : Math.max(1, refs.length), r.value3(), Optional.ofNullable(file).map(asteriskPath).map(PageFacts::withoutExtension)));
  }

  /** {@code /var/spool/…/INBOX/msg0001.txt} to {@code /var/spool/…/INBOX/msg0001}. */
  static String withoutExtension(String path) {
    int slash = path.lastIndexOf('/');
    int dot = path.lastIndexOf('.');
    return dot > slash ? path.substring(0, dot) : path;
  }
}

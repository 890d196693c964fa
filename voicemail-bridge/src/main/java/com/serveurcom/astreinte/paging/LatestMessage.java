package com.serveurcom.astreinte.paging;

import static com.serveurcom.astreinte.database.generated.Tables.VOICEMAIL_MESSAGE;

import java.util.Optional;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.Record2;
import org.jooq.Select;
import org.jooq.impl.DSL;

/**
 * The latest stored voicemail of an on-call request (voicemail intake's {@code voicemail_message}): its
 * {@code msg_id} names the recording the HTTP layer serves at {@code /recordings/<msg_id>.wav}.
 */
record LatestMessage(String msgId, int durationSeconds) {
  /** Name of {@link #of(Field)} when joined as a lateral table. */
  static final String TABLE = "latest";
  static final Field<String> MSG_ID = DSL.field(DSL.name(TABLE, VOICEMAIL_MESSAGE.MSG_ID.getName()), String.class);
  static final Field<Integer> DURATION =
      DSL.field(DSL.name(TABLE, VOICEMAIL_MESSAGE.DURATION_SECONDS.getName()), Integer.class);

  /** The latest message still stored (copied, not purged) of {@code requestId}: a request id or its column. */
  static Select<Record2<String, Integer>> of(Field<Long> requestId) {
    return DSL.select(VOICEMAIL_MESSAGE.MSG_ID, VOICEMAIL_MESSAGE.DURATION_SECONDS).from(VOICEMAIL_MESSAGE)
        .where(VOICEMAIL_MESSAGE.ONCALL_REQUEST_ID.eq(requestId)).and(VOICEMAIL_MESSAGE.STORED_PATH.isNotNull())
        .and(VOICEMAIL_MESSAGE.PURGED_AT.isNull())
        .orderBy(VOICEMAIL_MESSAGE.RECORDED_AT.desc()).limit(DSL.inline(1));
  }

  static Optional<LatestMessage> of(DSLContext dsl, long requestId) {
    return dsl.fetchOptional(of(DSL.val(requestId))).map(r -> new LatestMessage(r.value1(), r.value2()));
  }

  /** Reads {@link #MSG_ID} and {@link #DURATION} of a row that joined {@link #of(Field)} as {@link #TABLE}. */
  static Optional<LatestMessage> in(Record row) {
    String msgId = row.get(MSG_ID);
    Integer seconds = row.get(DURATION);
    return msgId == null ? Optional.empty() : Optional.of(new LatestMessage(msgId, seconds == null ? 0 : seconds));
  }
}

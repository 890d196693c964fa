package com.serveurcom.astreinte.paging;

import static com.serveurcom.astreinte.database.generated.Tables.VOICEMAIL_MESSAGE;

import java.util.Optional;
import org.jooq.DSLContext;

/**
 * The latest stored voicemail of an on-call request (voicemail intake's {@code voicemail_message}): its
 * {@code msg_id} names the recording the HTTP layer serves at {@code /recordings/<msg_id>.wav}.
 */
record LatestMessage(String msgId, int durationSeconds) {
  static Optional<LatestMessage> of(DSLContext dsl, long requestId) {
    return dsl.select(VOICEMAIL_MESSAGE.MSG_ID, VOICEMAIL_MESSAGE.DURATION_SECONDS).from(VOICEMAIL_MESSAGE)
        .where(VOICEMAIL_MESSAGE.ONCALL_REQUEST_ID.eq(requestId)).and(VOICEMAIL_MESSAGE.STORED_PATH.isNotNull())
        .and(VOICEMAIL_MESSAGE.PURGED_AT.isNull())
        .orderBy(VOICEMAIL_MESSAGE.RECORDED_AT.desc()).limit(1)
        .fetchOptional(r -> new LatestMessage(r.value1(), r.value2()));
  }
}

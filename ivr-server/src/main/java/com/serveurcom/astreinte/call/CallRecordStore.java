package com.serveurcom.astreinte.call;

import static com.serveurcom.astreinte.database.generated.Tables.CALL_RECORD;

import com.serveurcom.astreinte.database.Database;
import com.serveurcom.astreinte.database.Json;
import com.serveurcom.astreinte.outbox.Outbox;
import org.jooq.JSONB;

/** Call records in PostgreSQL: one row per call, whatever its outcome. */
public final class CallRecordStore implements CallLog {
  private final Database database;

  public CallRecordStore(Database database) {
    this.database = database;
  }

  @Override
  public void record(CallRecord c) {
    boolean refused = c.outcome().kind() == CallOutcome.Kind.REFUSED;
    database.dsl().insertInto(CALL_RECORD)
        .set(CALL_RECORD.CHANNEL_ID, c.callId())
        .set(CALL_RECORD.STARTED_AT, Outbox.utc(c.startedAt()))
        .set(CALL_RECORD.ENDED_AT, Outbox.utc(c.startedAt().plus(c.duration())))
        .set(CALL_RECORD.JUDGED_AT, Outbox.utc(c.at()))
        .set(CALL_RECORD.CALLER, c.callerId())
        .set(CALL_RECORD.ROUTE, c.route())
        .set(CALL_RECORD.STEPS, JSONB.jsonb(Json.text(c.steps())))
        .set(CALL_RECORD.OUTCOME, c.outcome().kind().code())
        .set(CALL_RECORD.OUTCOME_DETAIL, c.outcome().detail())
        .set(CALL_RECORD.REFUSAL_REASON, refused ? c.outcome().detail() : null)
        .set(CALL_RECORD.DURATION_MS, Math.max(0, c.duration().toMillis()))
        .set(CALL_RECORD.REQUEST_NUMBER, c.requestNumber())
        .set(CALL_RECORD.CALLBACK_NUMBER, c.callbackNumber())
        .set(CALL_RECORD.MESSAGE_FILE, c.messageFile())
        .execute();
  }
}

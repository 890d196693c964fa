package com.serveurcom.astreinte.call;

import com.serveurcom.astreinte.database.StoredJson;
import com.serveurcom.astreinte.database.Timestamps;
import static com.serveurcom.astreinte.database.generated.Tables.CALL_RECORD;

import com.serveurcom.astreinte.database.Database;
import java.util.List;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.jooq.JSONB;

/** Call records in PostgreSQL: one row per call, whatever its outcome. */
public final class CallRecordStore implements CallLog {
  private final Database database;

  public CallRecordStore(Database database) {
    this.database = database;
  }

  @Override
  public void record(CallRecord c) {
    recordAll(List.of(c));
  }

  /**
   * One multi-row insert: under load the background writer hands over dozens of records at a time,
   * and one statement and one commit for all of them cost the database far less than one each.
   */
  @Override
  public void recordAll(List<CallRecord> calls) {
    if (calls.isEmpty()) {
      return;
    }
    var insert = database.dsl().insertInto(CALL_RECORD, CALL_RECORD.CHANNEL_ID, CALL_RECORD.STARTED_AT,
        CALL_RECORD.ENDED_AT, CALL_RECORD.JUDGED_AT, CALL_RECORD.CALLER, CALL_RECORD.ROUTE, CALL_RECORD.STEPS,
        CALL_RECORD.OUTCOME, CALL_RECORD.OUTCOME_DETAIL, CALL_RECORD.REFUSAL_REASON, CALL_RECORD.DURATION_MS,
        CALL_RECORD.REQUEST_NUMBER, CALL_RECORD.CALLBACK_NUMBER, CALL_RECORD.MESSAGE_FILE);
    for (CallRecord c : calls) {
      boolean refused = c.outcome().kind() == CallOutcome.Kind.REFUSED;
      insert = insert.values(c.callId(), Timestamps.utc(c.startedAt()), Timestamps.utc(c.startedAt().plus(c.duration())),
          Timestamps.utc(c.at()), c.callerId(), c.route(), steps(c), c.outcome().kind().code(),
          c.outcome().detail(), refused ? c.outcome().detail() : null, Math.max(0, c.duration().toMillis()),
          c.requestNumber(), c.callbackNumber(), c.messageFile());
    }
    insert.execute();
  }

  private static final ObjectMapper JSON = StoredJson.MAPPER;

  /** The call's steps as the {@code steps} jsonb array. */
  private static JSONB steps(CallRecord c) {
    try {
      return JSONB.jsonb(JSON.writeValueAsString(c.steps()));
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("étapes de l'appel impossibles à écrire en JSON : " + e.getOriginalMessage(), e);
    }
  }
}

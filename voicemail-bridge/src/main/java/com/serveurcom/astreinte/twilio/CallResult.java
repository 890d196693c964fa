package com.serveurcom.astreinte.twilio;

import java.util.Objects;

/** Twilio accepted the call: its Call SID (CA…) and first status (usually {@code queued}). */
public record CallResult(String sid, String status) {
  public CallResult {
    Objects.requireNonNull(sid, "sid");
    Objects.requireNonNull(status, "status");
  }
}

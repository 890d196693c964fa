package com.serveurcom.astreinte.twilio;

import java.util.Objects;

/** Twilio accepted the SMS: its Message SID (SM…) and first status (usually {@code queued}). */
public record SmsResult(String sid, String status) {
  public SmsResult {
    Objects.requireNonNull(sid, "sid");
    Objects.requireNonNull(status, "status");
  }
}

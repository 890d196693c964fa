package com.serveurcom.astreinte.paging;

import java.util.Objects;

/**
 * A Twilio status callback, as sent to the paging engine.
 *
 * @param sid        Message SID (SM…) or Call SID (CA…)
 * @param channel    SMS for MessageStatus callbacks, VOICE for CallStatus ones
 * @param status     Twilio's status in lower case: queued, sent, delivered, undelivered, failed;
 *                   initiated, ringing, in-progress, completed, busy, no-answer, canceled
 * @param answeredBy AMD result (human, machine_start, machine_end_beep, fax, unknown...) or null
 * @param errorCode  Twilio's ErrorCode (e.g. 30003 unreachable handset) or null
 */
public record DeliveryStatus(String sid, Channel channel, String status, String answeredBy, String errorCode) {
  /** Twilio's documented statuses of an outgoing SMS, as its callbacks write them (lower case). */
  public static final java.util.Set<String> TWILIO_SMS = java.util.Set.of("accepted", "scheduled", "queued", "sending",
      "sent", "delivered", "undelivered", "failed", "read", "canceled");
  /** Twilio's documented statuses of an outgoing call, as its callbacks write them (lower case). */
  public static final java.util.Set<String> TWILIO_CALL = java.util.Set.of("queued", "initiated", "ringing",
      "in-progress", "completed", "busy", "no-answer", "failed", "canceled");

  public DeliveryStatus {
    Objects.requireNonNull(sid, "sid");
    Objects.requireNonNull(channel, "channel");
    Objects.requireNonNull(status, "status");
  }

  /** True when Twilio says a machine (voicemail box) answered: the technician did not hear the page. */
  public boolean answeredByMachine() {
    return answeredBy != null && (answeredBy.startsWith("machine") || answeredBy.equals("fax"));
  }

  /** A final status that means the page did not reach the technician. */
  public boolean failed() {
    return switch (status) {
      case "failed", "undelivered", "busy", "no-answer", "canceled" -> true;
      default -> false;
    };
  }
}

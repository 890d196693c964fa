package com.serveurcom.astreinte.ticket;

import java.util.Optional;

/**
 * What a ticket's history entry says happened. The codes are what {@code ticket_event.kind} holds
 * (and what the API and the reports show); {@link TicketHistory} is the only writer of entries, and
 * the database function that registers on-call messages writes only codes of this enum (checked by
 * a test against the function's text).
 */
public enum TicketEventKind implements Coded {
  CREATED("created"),
  IMPORTED("imported"),
  REIMPORTED("reimported"),
  COMMENT("comment"),
  TAKE_CHARGE("take_charge"),
  CHANGE_PRIORITY("change_priority"),
  RESOLVE("resolve"),
  CLOSE("close"),
  REOPEN("reopen"),
  /** The escalation engine informed a level of the matrix. */
  ESCALATION("escalation"),
  /** The escalation engine warned before a deadline. */
  DEADLINE_WARNING("deadline_warning"),
  /** A caller asked for escalation on the phone. */
  ESCALATION_REQUESTED("escalation_requested"),
  /** A first on-call message opened an on-call request. */
  ONCALL_REQUEST("oncall_request"),
  /** Another message joined the open on-call request. */
  ONCALL_MESSAGE("oncall_message"),
  ONCALL_DECLINED("oncall_declined"),
  /** A message kept during a database outage was found ineligible when written: refused, not paged. */
  ONCALL_REFUSED_AFTER_OUTAGE("oncall_refused_after_outage"),
  /** Nobody took charge within the on-call window. */
  ONCALL_BREACH("oncall_breach"),
  /** The on-call technician was put through to the customer by the PBX (key 4 of a voice page). */
  ONCALL_PUT_THROUGH("oncall_put_through"),
  RECORDING_PURGED("recording_purged");

  private final String code;

  TicketEventKind(String code) {
    this.code = code;
  }

  @Override
  public String code() {
    return code;
  }

  public static Optional<TicketEventKind> fromCode(String code) {
    for (TicketEventKind k : values()) {
      if (k.code.equals(code)) {
        return Optional.of(k);
      }
    }
    return Optional.empty();
  }
}

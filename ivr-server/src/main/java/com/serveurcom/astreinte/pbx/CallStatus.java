package com.serveurcom.astreinte.pbx;

/**
 * What became of a voice page placed through the PBX, as written to {@code page_attempt.delivery_status}
 * (and shown by {@code bin/astreinte pages}): from the {@code OriginateResponse} and the channels' causes
 * ({@link AsteriskPager}), or from what the technician did in the {@code page} script ({@link PageScript}).
 */
public enum CallStatus {
  /** Picked up and the pick-up check passed; the menu is playing. */
  ANSWERED("answered"),
  /** Rang until the ring timeout (Reason 3). */
  NO_ANSWER("no-answer"),
  /** Busy (Reason 5). */
  BUSY("busy"),
  /** The network could not reach the phone (Reason 8). */
  CONGESTION("congestion"),
  /** The technician refused the call while it rang (Reason 0, cause 21). */
  REJECTED("rejected"),
  /** Any other failure of a call Asterisk had placed (Reason 0 with a cause, or not placed after the send). */
  FAILED("failed"),
  /** Picked up but no key at the pick-up check: a voicemail box, most likely. */
  NO_KEY("no-key"),
  /** The technician hung up after the pick-up check, before choosing. */
  HUNG_UP("hung-up"),
  /** The phone hung up before the pick-up check. */
  HUNG_UP_BEFORE_KEY("hung-up-before-key"),
  /** Someone else had already taken charge of or declined the request when the call was picked up. */
  ALREADY_HANDLED("already-handled"),
  /** The menu was played to the end without a valid choice. */
  NO_CHOICE("no-choice"),
  /** Taken in charge by key 1 (or 4, then put through). */
  TAKEN("taken"),
  /** Declined by key 2. */
  DECLINED("declined");

  private final String code;

  CallStatus(String code) {
    this.code = code;
  }

  /** The value in {@code page_attempt.delivery_status}. */
  public String code() {
    return code;
  }
}

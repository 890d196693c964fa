package com.serveurcom.astreinte.oncall;

import com.serveurcom.astreinte.ticket.Coded;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Where an on-call request stands. A request is open while its page chain runs ({@link #PENDING}
 * until the first page goes out, then {@link #PAGING}); the first acknowledgement closes it, taken in
 * charge or declined; {@link #EXPIRED} closes one nobody answered before the line reopened.
 *
 * <p>The transitions below are the only way a status changes: a store writes a new status with
 * {@code where status in (target.allowedFrom())}, so the first of two concurrent acknowledgements
 * wins and the other finds nothing to change. The codes are what {@code oncall_request.status}
 * holds (its check constraint and the V6 function are tested against this enum).
 */
public enum OnCallRequestStatus implements Coded {
  PENDING("pending"),
  PAGING("paging"),
  TAKEN_IN_CHARGE("taken_in_charge"),
  DECLINED("declined"),
  EXPIRED("expired");

  /** The statuses of a request whose chain still runs, in a fixed order (SQL literals, partial indexes). */
  public static final List<OnCallRequestStatus> OPEN = List.of(PENDING, PAGING);

  private final String code;

  OnCallRequestStatus(String code) {
    this.code = code;
  }

  @Override
  public String code() {
    return code;
  }

  public boolean isOpen() {
    return this == PENDING || this == PAGING;
  }

  /** The first page went out (a re-page of a request already paging changes nothing). */
  public OnCallRequestStatus paged() {
    return to(PAGING);
  }

  public OnCallRequestStatus takeInCharge() {
    return to(TAKEN_IN_CHARGE);
  }

  public OnCallRequestStatus decline() {
    return to(DECLINED);
  }

  public OnCallRequestStatus expire() {
    return to(EXPIRED);
  }

  /** The statuses from which a request may move to this one: every status it is reached from. */
  public Set<OnCallRequestStatus> allowedFrom() {
    return switch (this) {
      case PENDING -> EnumSet.noneOf(OnCallRequestStatus.class); // only a new request starts here
      case PAGING, TAKEN_IN_CHARGE, DECLINED, EXPIRED -> EnumSet.of(PENDING, PAGING);
    };
  }

  private OnCallRequestStatus to(OnCallRequestStatus target) {
    if (!target.allowedFrom().contains(this)) {
      throw new IllegalStateException("an on-call request " + code + " cannot become " + target.code);
    }
    return target;
  }

  public static OnCallRequestStatus fromCode(String code) {
    return Coded.parse(OnCallRequestStatus.class, code, "on-call request status");
  }
}

package com.serveurcom.astreinte.oncall;

/** Why a call cannot reach the on-call service, in the order the checks are made. */
public enum RefusalReason {
  UNKNOWN_REQUEST("unknown_request"),
  REQUEST_CLOSED("request_closed"),
  REQUEST_NON_COMPLIANT("request_non_compliant"),
  NO_ONCALL_OPTION("no_oncall_option"),
  SERVICE_NOT_COVERED("service_not_covered"),
  PRIORITY_NOT_ONCALL("priority_not_oncall");

  private final String code;

  RefusalReason(String code) {
    this.code = code;
  }

  /** The code logged in call records and printed by {@code simulate-call}. */
  public String code() {
    return code;
  }
}

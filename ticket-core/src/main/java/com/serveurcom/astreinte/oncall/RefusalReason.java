package com.serveurcom.astreinte.oncall;

/**
 * Why a call cannot reach the on-call service. The first six are the request's eligibility, in the order
 * the checks are made; the last three are the call's own (the caller gave no request number, no call-back
 * number or no message). Every refusal the caller hears is one of these: the support line says each
 * with its own prompt, checked for every value by its test.
 */
public enum RefusalReason {
  UNKNOWN_REQUEST("unknown_request"),
  REQUEST_CLOSED("request_closed"),
  REQUEST_NON_COMPLIANT("request_non_compliant"),
  NO_ONCALL_OPTION("no_oncall_option"),
  SERVICE_NOT_COVERED("service_not_covered"),
  PRIORITY_NOT_ONCALL("priority_not_oncall"),
  NO_REQUEST_NUMBER("no_request_number"),
  NO_CONTACT("no_contact"),
  NO_MESSAGE("no_message");

  private final String code;

  RefusalReason(String code) {
    this.code = code;
  }

  /** The code logged in call records and printed by {@code simulate-call}. */
  public String code() {
    return code;
  }
}

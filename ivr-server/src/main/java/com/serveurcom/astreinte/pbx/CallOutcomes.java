package com.serveurcom.astreinte.pbx;

/** Where the fate of a call placed through the PBX is recorded (the paging side's acknowledgements). */
@FunctionalInterface
public interface CallOutcomes {
  /**
   * @param token  the attempt's idempotency token
   * @param status a {@link CallStatus#code()}
   * @param detail the cause, or null
   */
  void record(String token, String status, String detail);
}

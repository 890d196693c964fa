package com.serveurcom.astreinte.paging;

import com.serveurcom.astreinte.ticket.Priority;
import java.util.Objects;

/**
 * What the technician hears before the customer's message.
 *
 * @param requestNumber  the ticket number, digits only (it is keyed on a phone)
 * @param priority       said in French after « priorité » (faible / moyenne / élevée)
 * @param accountName    the customer's account
 * @param callbackNumber the number the customer left, E.164; dialled when the technician presses 1
 */
public record PageSummary(String requestNumber, Priority priority, String accountName, String callbackNumber) {
  public PageSummary {
    Objects.requireNonNull(requestNumber, "requestNumber");
    if (!requestNumber.matches("\\d{1,20}")) {
      throw new IllegalArgumentException("request number must be digits: " + requestNumber);
    }
    Objects.requireNonNull(priority, "priority");
    Objects.requireNonNull(accountName, "accountName");
    Objects.requireNonNull(callbackNumber, "callbackNumber");
    if (!Phones.isE164(callbackNumber)) {
      throw new IllegalArgumentException("call-back number not in E.164: " + Phones.mask(callbackNumber));
    }
  }

  @Override
  public String toString() {
    return "PageSummary[request=" + requestNumber + ", priority=" + priority.code() + ", account=" + accountName
        + ", callback=" + Phones.mask(callbackNumber) + "]";
  }
}

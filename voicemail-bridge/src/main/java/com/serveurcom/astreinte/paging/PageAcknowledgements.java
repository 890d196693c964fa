package com.serveurcom.astreinte.paging;

import java.util.Optional;

/**
 * What the Twilio webhooks need from the paging engine. The webhooks only parse and authenticate;
 * every decision (is this the technician on duty? is the request still open?) is the engine's.
 * Called only for requests whose Twilio signature is valid.
 */
public interface PageAcknowledgements {
  /** The technician at {@code byPhone} takes charge of the request. */
  Ack takeCharge(String requestNumber, String byPhone, Channel via);

  /** The technician declines it as outside on-call scope: it goes to business-hours handling. */
  Ack decline(String requestNumber, String byPhone, Channel via);

  /** A Twilio status callback for an SMS or a call the engine placed. */
  void deliveryStatus(DeliveryStatus status);

  /**
   * The open requests the person at {@code phone} was paged about (alone or in a grouped send), oldest
   * first: what {@code OK TOUT} takes charge of (issue 13).
   */
  default java.util.List<String> waitingFor(String phone) {
    return java.util.List.of();
  }

  /** The page of an open request, to replay it (key 3); empty when it is no longer open. */
  Optional<PageContext> pageContext(String requestNumber);
}

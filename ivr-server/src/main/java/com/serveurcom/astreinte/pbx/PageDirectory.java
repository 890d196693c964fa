package com.serveurcom.astreinte.pbx;

import com.serveurcom.astreinte.outbox.OutboxMessage;
import java.util.Optional;

/** The pages placed through the PBX, as the {@code page} script finds them by their {@code PAGE_ID}. */
public interface PageDirectory {
  Optional<PlacedPage> find(String pageId);

  /**
   * The kind of outbox row whose send placed this call (a request's page, a person page covering several,
   * a put-through asked from the technician's page), from its write-ahead attempt; empty when unknown.
   */
  Optional<OutboxMessage.Kind> sentBy(PlacedPage page);

  /** Records what became of the page's call (answered without a key, hung up...) on its attempt. */
  void record(PlacedPage page, String status, String detail);
}

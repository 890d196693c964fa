package com.serveurcom.astreinte.paging;

import com.serveurcom.astreinte.outbox.Outbox;
import com.serveurcom.astreinte.outbox.OutboxMessage;
import java.time.Instant;
import java.util.List;

/** The handler of {@link OutboxMessage.CustomerSms}: the text was written when the row was queued. */
final class CustomerMessages {
  private final PartSender sender;

  CustomerMessages(PartSender sender) {
    this.sender = sender;
  }

  Outcome handle(Outbox.Item item, OutboxMessage.CustomerSms m, Instant now) {
    if (m.to().isBlank()) {
      return Outcome.failed("customer SMS without a number");
    }
    return sender.send(item, List.of(Part.sms(new Recipient("customer", "client", m.to(), Recipient.Role.ON_DUTY),
        m.body())), m.oncallRequest(), m.ticket(), now);
  }
}

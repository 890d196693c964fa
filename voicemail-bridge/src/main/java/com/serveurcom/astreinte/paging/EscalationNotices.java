package com.serveurcom.astreinte.paging;

import com.serveurcom.astreinte.outbox.Outbox;
import com.serveurcom.astreinte.outbox.OutboxMessage;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The handler of {@link OutboxMessage.EscalationNotice}: an SMS (and a call when asked) to each contact of the level. */
final class EscalationNotices {
  private static final Logger LOG = LoggerFactory.getLogger(EscalationNotices.class);

  private final PartSender sender;
  private final VoiceScripts voice;
  private final Supplier<PagingTexts> texts;

  EscalationNotices(PartSender sender, VoiceScripts voice, Supplier<PagingTexts> texts) {
    this.sender = sender;
    this.voice = voice;
    this.texts = texts;
  }

  Outcome handle(Outbox.Item item, OutboxMessage.EscalationNotice n, Instant now) {
    String text = texts.get().escalation(n.ticket(), n.level());
    List<Part> parts = new ArrayList<>();
    int i = 0;
    for (OutboxMessage.Contact c : n.contacts()) {
      i++;
      String name = c.name() == null ? "contact " + i : c.name();
      if (c.phone() == null || c.phone().isBlank()) {
        LOG.warn("escalade {} : le contact {} n'a pas de téléphone, ni SMS ni appel vocal (adresse e-mail {} : l'e-mail"
            + " part dans sa propre ligne quand le niveau a le canal e-mail)", item.idempotencyKey(), name,
            c.email() != null ? "donnée" : "absente");
        continue;
      }
      Recipient to = new Recipient("c" + i, name, c.phone(), Recipient.Role.ON_DUTY);
      if (n.sms()) {
        parts.add(Part.sms(to, text));
      }
      if (n.voice()) {
        parts.add(Part.voice(to, voice.announce(text)));
      }
    }
    return sender.send(item, parts, null, n.ticket(), now);
  }
}

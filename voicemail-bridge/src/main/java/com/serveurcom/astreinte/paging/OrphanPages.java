package com.serveurcom.astreinte.paging;

import com.serveurcom.astreinte.outbox.Outbox;
import com.serveurcom.astreinte.outbox.OutboxMessage;
import com.serveurcom.astreinte.rota.Rota;
import java.time.Instant;
import java.util.List;
import java.util.function.Supplier;

/**
 * The handler of {@link OutboxMessage.OrphanPage}: a message no request claims, from a call on an unknown
 * ticket (ticket, callback) or from the voicemail spool's safety net (msg_id, caller, duration), paged to
 * the technician on duty with the reference the database gave it (V9), which the technician answers with.
 */
final class OrphanPages {
  private final Supplier<Rota> rota;
  private final DutyCache duty;
  private final PartSender sender;
  private final VoiceScripts voice;
  private final PagingLinks links;
  private final Supplier<PagingTexts> texts;

  OrphanPages(Supplier<Rota> rota, DutyCache duty, PartSender sender, VoiceScripts voice, PagingLinks links,
      Supplier<PagingTexts> texts) {
    this.rota = rota;
    this.duty = duty;
    this.sender = sender;
    this.voice = voice;
    this.links = links;
    this.texts = texts;
  }

  Outcome handle(Outbox.Item item, OutboxMessage.OrphanPage p, Instant now) {
    if (p.ref() == null) {
      return Outcome.failed("orphan page without a reference");
    }
    String caller = p.callback() != null ? p.callback() : p.caller();
    String link = p.msgId() != null ? links.messageUrl(p.msgId(), now).toString() : null;
    Rota current = rota.get();
    Recipient to = ChannelPolicy.orphanRecipient(duty.onDuty(current, now), current.lastResort());
    PagingTexts t = texts.get();
    String sms = t.orphan(p.ref(), p.ticket(), caller, p.duration(), link);
    String spoken = t.orphanSpoken(PagingTexts.digits(p.ref()), Phones.spoken(caller));
    return sender.send(item, List.of(Part.sms(to, sms), Part.voice(to, voice.announce(spoken))), null, null, now);
  }
}

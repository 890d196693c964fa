package com.serveurcom.astreinte.paging;

import static com.serveurcom.astreinte.database.generated.Tables.ONCALL_REQUEST;

import com.serveurcom.astreinte.database.Database;
import com.serveurcom.astreinte.database.generated.tables.records.OncallRequestRecord;
import com.serveurcom.astreinte.oncall.OnCallRequestStatus;
import com.serveurcom.astreinte.outbox.Outbox;
import com.serveurcom.astreinte.outbox.OutboxMessage;
import com.serveurcom.astreinte.rota.Rota;
import com.serveurcom.astreinte.rota.Technician;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The handler of {@link OutboxMessage.CustomerCall}: one call to the technician who asked, placed as a
 * page of the request (its key is one), so the PBX rings the technician and its {@code page} script,
 * seeing the key's mark, puts them through to the customer instead of presenting the page. Only for a
 * request taken in charge with a dialable call-back number. A provider that cannot put through (the
 * fallback, when the PBX cannot place the call) says why and the number to call instead.
 */
final class CustomerCalls {
  private static final Logger LOG = LoggerFactory.getLogger(CustomerCalls.class);

  private final Database database;
  private final Supplier<Rota> rota;
  private final PartSender sender;
  private final VoiceScripts voice;
  private final Supplier<PagingTexts> texts;

  CustomerCalls(Database database, Supplier<Rota> rota, PartSender sender, VoiceScripts voice,
      Supplier<PagingTexts> texts) {
    this.database = Objects.requireNonNull(database, "database");
    this.rota = Objects.requireNonNull(rota, "rota");
    this.sender = Objects.requireNonNull(sender, "sender");
    this.voice = Objects.requireNonNull(voice, "voice");
    this.texts = Objects.requireNonNull(texts, "texts");
  }

  Outcome handle(Outbox.Item item, OutboxMessage.CustomerCall m, Instant now) {
    OncallRequestRecord r = database.dsl().selectFrom(ONCALL_REQUEST).where(ONCALL_REQUEST.ID.eq(m.oncallRequest()))
        .fetchOne();
    if (r == null || OnCallRequestStatus.fromCode(r.getStatus()) != OnCallRequestStatus.TAKEN_IN_CHARGE) {
      LOG.info("mise en relation pour la demande {} non passée : la demande n'est pas prise en charge", m.ticket());
      return Outcome.DONE;
    }
    if (!Phones.isE164(r.getCallbackNumber())) {
      return Outcome.failed("demande " + m.ticket() + " sans numéro de rappel composable");
    }
    Optional<Technician> t = rota.get().technician(m.technician());
    if (t.isEmpty()) {
      return Outcome.failed("technicien « " + m.technician() + " » absent de la rotation");
    }
    String fallback = voice.announce(texts.get().voicePutThroughFailed(m.ticket(), r.getCallbackNumber()));
    return sender.send(item, List.of(Part.voice(Recipient.of(t.get(), Recipient.Role.ON_DUTY), fallback)),
        m.oncallRequest(), m.ticket(), now);
  }
}

package com.serveurcom.astreinte.paging;

import static com.serveurcom.astreinte.database.generated.Tables.TICKET;

import com.serveurcom.astreinte.database.Database;
import com.serveurcom.astreinte.outbox.Outbox;
import com.serveurcom.astreinte.outbox.OutboxMessage;
import com.serveurcom.astreinte.rota.Rota;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The handler of {@link OutboxMessage.DeadlineWarning}: an SMS to the technician on duty ({@code to}
 * {@code oncall}) or to the ticket's assignee when the rota knows them.
 */
final class DeadlineWarnings {
  private static final Logger LOG = LoggerFactory.getLogger(DeadlineWarnings.class);

  private final Database database;
  private final Supplier<Rota> rota;
  private final DutyCache duty;
  private final PartSender sender;
  private final Supplier<PagingTexts> texts;

  DeadlineWarnings(Database database, Supplier<Rota> rota, DutyCache duty, PartSender sender,
      Supplier<PagingTexts> texts) {
    this.database = database;
    this.rota = rota;
    this.duty = duty;
    this.sender = sender;
    this.texts = texts;
  }

  Outcome handle(Outbox.Item item, OutboxMessage.DeadlineWarning w, Instant now) {
    String ticket = w.ticket();
    String text = texts.get().deadlineWarning(ticket, w.deadline());
    Rota current = rota.get();
    Optional<Recipient> to;
    if ("oncall".equals(w.to())) {
      to = duty.onDuty(current, now).primary().map(t -> Recipient.of(t, Recipient.Role.ON_DUTY));
      if (to.isEmpty()) {
        LOG.error("alerte d'échéance {} : personne d'astreinte à {}", item.idempotencyKey(), now);
        return Outcome.DONE;
      }
    } else {
      String assignee = w.assignee();
      if (assignee == null && ticket != null) {
        assignee = database.dsl().select(TICKET.ASSIGNEE).from(TICKET).where(TICKET.NUMBER.eq(ticket))
            .fetchOne(TICKET.ASSIGNEE);
      }
      to = ChannelPolicy.assignee(current.technicians(), assignee);
      if (to.isEmpty()) {
        // The assignee may be an agent of business hours, unknown to the rota: nobody to text.
        LOG.warn("alerte d'échéance {} du ticket {} : {} n'a pas de téléphone dans le planning d'astreinte, non envoyée",
            item.idempotencyKey(), ticket, assignee == null ? "(personne)" : assignee);
        return Outcome.DONE;
      }
    }
    return sender.send(item, List.of(Part.sms(to.get(), text)), null, ticket, now);
  }
}

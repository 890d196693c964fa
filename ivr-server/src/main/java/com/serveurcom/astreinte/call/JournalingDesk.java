package com.serveurcom.astreinte.call;

import com.serveurcom.astreinte.oncall.OnCallMessage;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps an emergency when the database fails during an off-hours call: registration falls back
 * to the {@link Journal} and the caller is told the message is recorded and will be checked (not that
 * anyone is paged: eligibility could not be checked). Replayed by {@link #replayJournal()} when the
 * database is back: each message is checked for eligibility then; an eligible one is registered and
 * paged, an ineligible one goes to {@link LateRefusals} and nobody is paged.
 */
public final class JournalingDesk implements OnCallDesk {
  private static final Logger log = LoggerFactory.getLogger(JournalingDesk.class);

  private final OnCallDesk delegate;
  private final Journal<OnCallMessage> journal;
  private final DatabaseOutage outage;
  private final LateRefusals refusals;

  public JournalingDesk(OnCallDesk delegate, Journal<OnCallMessage> journal, DatabaseOutage outage,
      LateRefusals refusals) {
    this.delegate = delegate;
    this.journal = journal;
    this.outage = outage;
    this.refusals = refusals;
  }

  @Override
  public RequestCheck check(String requestNumber, String callerId, Instant at) {
    if (outage.suspected()) {
      return RequestCheck.ok();
    }
    try {
      return delegate.check(requestNumber, callerId, at);
    } catch (RuntimeException e) {
      outage.failed(e);
      // Better a page the technician has to qualify than an emergency turned away because our
      // database is down: the request is taken unverified and journalled.
      log.error("demande {} : éligibilité inconnue, base de données indisponible ({}) ; message pris sans vérification",
          requestNumber, e.toString());
      return RequestCheck.ok();
    }
  }

  @Override
  public Registration register(OnCallMessage message) {
    try {
      if (outage.suspected()) {
        throw new IllegalStateException("la base de données a échoué il y a quelques instants");
      }
      return delegate.register(message);
    } catch (RuntimeException e) {
      outage.failed(e);
      journal.append(message);
      log.error("demande {} : la base de données a refusé le message d'astreinte ({}) ; gardé dans le journal jusqu'à son retour",
          message.ticketNumber(), e.toString());
      return new Registration(message.ticketNumber(), false, true);
    }
  }

  @Override
  public EscalationAnswer escalate(String requestNumber, String callerId, Instant at) {
    return delegate.escalate(requestNumber, callerId, at);
  }

  /** @return how many journalled messages reached the database (registered or refused) */
  public int replayJournal() {
    return journal.drain(this::replay);
  }

  /**
   * The check the call could not make is made now: during the outage anyone could key any number, and
   * only an eligible request may wake the technician. The instant judged is the call's.
   */
  private void replay(OnCallMessage m) {
    RequestCheck check = delegate.check(m.ticketNumber(), m.callerId(), m.receivedAt());
    if (check.eligible()) {
      delegate.register(m);
      return;
    }
    log.info("demande {} : le message journalisé de l'appel {} n'est pas éligible ({}) : refusé, pas d'envoi à l'astreinte", m.ticketNumber(),
        m.callId(), check.refusal().code());
    refusals.refuse(m, check.refusal());
  }
}

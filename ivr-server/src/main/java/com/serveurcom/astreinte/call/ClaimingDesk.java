package com.serveurcom.astreinte.call;

import com.serveurcom.astreinte.oncall.OnCallMessage;
import com.serveurcom.astreinte.voicemail.VoicemailIntake;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Claims the voice message of every registration that reached the database: its msg_id is linked to
 * the request and its audio copied into the recording store while {@code VM_MESSAGEFILE} still names it
 * (Asterisk renumbers files when a message is removed). Sits between the {@link JournalingDesk} and the
 * {@link TicketDesk}, so a journalled message is claimed when it is replayed. A failed claim never fails
 * the call: the page is already queued, and the intake's scan links the message later.
 */
public final class ClaimingDesk implements OnCallDesk {
  private static final Logger log = LoggerFactory.getLogger(ClaimingDesk.class);

  private final OnCallDesk delegate;
  private final VoicemailIntake intake;

  public ClaimingDesk(OnCallDesk delegate, VoicemailIntake intake) {
    this.delegate = delegate;
    this.intake = intake;
  }

  @Override
  public RequestCheck check(String requestNumber, String callerId, Instant at) {
    return delegate.check(requestNumber, callerId, at);
  }

  @Override
  public Registration register(OnCallMessage message) {
    Registration r = delegate.register(message);
    try {
      intake.claim(message.messageFile(), message.callId());
    } catch (RuntimeException e) {
      log.warn("appel {} : message non rattaché pour l'instant ({}) ; l'examen de la messagerie vocale le rattachera", message.callId(), e.toString());
    }
    return r;
  }

  @Override
  public EscalationAnswer escalate(String requestNumber, String callerId, Instant at) {
    return delegate.escalate(requestNumber, callerId, at);
  }
}

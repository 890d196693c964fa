package com.serveurcom.astreinte.oncall;

import java.time.Instant;

/**
 * A voice message left on the on-call line about a request.
 *
 * @param messageFile where Asterisk put the recording ({@code VM_MESSAGEFILE}, without extension)
 * @param callId the Asterisk channel unique id of the call
 */
public record OnCallMessage(
    String ticketNumber, String callbackNumber, String callerId, String messageFile, String callId, Instant receivedAt) {}

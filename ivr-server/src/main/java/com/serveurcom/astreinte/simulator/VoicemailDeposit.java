package com.serveurcom.astreinte.simulator;

import java.nio.file.Path;

/**
 * A message the simulated VoiceMail saved.
 *
 * @param messageFile the VM_MESSAGEFILE value: the path without extension
 * @param newMessages how many messages the INBOX now holds (MessageWaiting's {@code New})
 * @param filesWritten whether msgNNNN.txt and msgNNNN.wav were written
 */
public record VoicemailDeposit(String mailbox, String context, int messageNumber, Path messageFile,
                               int durationSeconds, int newMessages, boolean filesWritten) {

    /** {@code 100@astreinte}, as in MessageWaiting's Mailbox header. */
    public String mailboxId() {
        return mailbox + "@" + context;
    }
}

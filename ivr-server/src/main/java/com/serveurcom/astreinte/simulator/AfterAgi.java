package com.serveurcom.astreinte.simulator;

import java.util.List;

/**
 * What Asterisk did once {@code AGI()} returned, running the shipped {@code [astreinte-inbound]}
 * context (config/asterisk/extensions.conf).
 *
 * @param agiStatus AGISTATUS as Asterisk sets it: {@code SUCCESS} when the server closed the
 *     socket on a live channel (even with no exchange at all, asterisk-wire-originate.md section 7
 *     case a), {@code FAILURE} when the connection could not be made (refused at once, or not
 *     accepted within MAX_AGI_CONNECT, 2 s), {@code HANGUP} when the channel was hung up; null
 *     while Asterisk still waits for a server that neither speaks nor closes (it never times out)
 * @param path the way the caller went
 * @param applications the dialplan applications run after AGI(), in order
 * @param voicemails messages the fallback's VoiceMail left in the spool (the caller's keys drive
 *     it as they drive an {@code EXEC VoiceMail}); the call's own prompts and voicemails in
 *     {@link CallResult} are those of the AGI part only
 */
public record AfterAgi(String agiStatus, Path path, List<String> applications, List<VoicemailDeposit> voicemails) {

    public enum Path {
        /** The channel was hung up during the AGI (by the caller or by the server), or Asterisk is still waiting. */
        NOT_REACHED,
        /** The server had taken the call ({@code ASTREINTE_SERVED} set) and returned: the dialplan hangs up. */
        HANGUP,
        /** The server never took the call: apology, then a message on the on-call mailbox (spool safety net). */
        FALLBACK
    }

    public AfterAgi {
        applications = List.copyOf(applications);
        voicemails = List.copyOf(voicemails);
    }

    static AfterAgi notReached(String agiStatus) {
        return new AfterAgi(agiStatus, Path.NOT_REACHED, List.of(), List.of());
    }
}

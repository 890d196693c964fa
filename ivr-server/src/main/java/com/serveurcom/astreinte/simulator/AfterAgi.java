package com.serveurcom.astreinte.simulator;

import java.util.List;

/**
 * What Asterisk did once {@code AGI()} returned, running the shipped {@code [astreinte-inbound]}
 * context (config/asterisk/extensions.conf), which tries the FastAGI servers of
 * {@code ASTREINTE_AGI_SERVERS} in order.
 *
 * @param agiStatus AGISTATUS of the last AGI() as Asterisk sets it: {@code SUCCESS} when the server
 *     closed the socket on a live channel (even with no exchange at all, asterisk-wire-originate.md
 *     section 7 case a), {@code FAILURE} when the connection could not be made (refused at once, or
 *     not accepted within MAX_AGI_CONNECT, 2 s), {@code HANGUP} when the channel was hung up; null
 *     while Asterisk still waits for a server that neither speaks nor closes (it never times out)
 * @param path the way the caller went
 * @param applications the dialplan applications run after the last AGI(), in order
 * @param voicemails messages the fallback's VoiceMail left in the spool (the caller's keys drive
 *     it as they drive an {@code EXEC VoiceMail}); the call's own prompts and voicemails in
 *     {@link SimulatedCallResult} are those of the AGI part only
 * @param attempts each AGI() the dialplan ran, in order: the server, its AGISTATUS, and whether
 *     that server had marked the call as taken ({@code ASTREINTE_SERVED})
 */
public record AfterAgi(String agiStatus, Path path, List<String> applications, List<VoicemailDeposit> voicemails,
                       List<Attempt> attempts) {

    public enum Path {
        /** The channel was hung up during an AGI (by the caller or by the server), or Asterisk is still waiting. */
        NOT_REACHED,
        /**
         * No server ended the call: none took it (down, full) or the one that took it was lost during
         * it. Apology, then a message on the on-call mailbox (spool safety net).
         */
        FALLBACK
    }

    /** One {@code AGI(agi://server/support)} of the dialplan's list. */
    public record Attempt(String server, String agiStatus, boolean marked) {
    }

    public AfterAgi {
        applications = List.copyOf(applications);
        voicemails = List.copyOf(voicemails);
        attempts = List.copyOf(attempts);
    }

    static AfterAgi notReached(String agiStatus, List<Attempt> attempts) {
        return new AfterAgi(agiStatus, Path.NOT_REACHED, List.of(), List.of(), attempts);
    }

    /** The server (host:port) that ended the call, or null when none did (fallback, or still waiting). */
    public String servedBy() {
        if (path != Path.NOT_REACHED || attempts.isEmpty()) {
            return null;
        }
        Attempt last = attempts.get(attempts.size() - 1);
        return last.marked() && "HANGUP".equals(last.agiStatus()) ? last.server() : null;
    }
}

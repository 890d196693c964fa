package com.serveurcom.astreinte.simulator;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The shipped {@code [astreinte-inbound]} context (config/asterisk/extensions.conf) around its
 * {@code AGI()}:
 * <pre>
 *  same => n,Set(ASTREINTE_AGI_SERVERS=127.0.0.1:4573)
 *  same => n,Set(ASTREINTE_AGI_TRY=0)
 *  same => n(essai),Set(ASTREINTE_AGI_TRY=$[${ASTREINTE_AGI_TRY} + 1])
 *  same => n,Set(ASTREINTE_SERVED=)
 *  same => n,AGI(agi://${CUT(ASTREINTE_AGI_SERVERS,&amp;,${ASTREINTE_AGI_TRY})}/support)
 *  same => n,NoOp(...)
 *  same => n,GotoIf($[${ASTREINTE_AGI_TRY} &lt; ${FIELDQTY(ASTREINTE_AGI_SERVERS,&amp;)}]?essai)
 *  same => n(secours),Playback(astreinte/erreur-technique)
 *  same => n,VoiceMail(100@astreinte,s)
 *  same => n,Hangup()
 * </pre>
 * A server that takes a call ends it with its own HANGUP, so the dialplan only goes on after
 * {@code AGI()} on a live channel: the server did not take the call, or was lost during it. Then
 * the next server is tried, and after the last one the fallback runs. The applications run on the
 * call's {@link ChannelEmulator}, so the caller's keys drive the VoiceMail and the message lands in
 * the voicemail spool like one left through the server. {@code DialplanAfterAgiTest} checks that
 * the file still says this.
 */
final class InboundDialplan {
    static final String APOLOGY = "astreinte/erreur-technique";
    static final String FALLBACK_MAILBOX = "100@astreinte,s";
    /** The dialplan's list of FastAGI servers, {@code host:port} separated by {@code &}. */
    static final String SERVERS_VARIABLE = "ASTREINTE_AGI_SERVERS";

    private InboundDialplan() {
    }

    /** Whether the dialplan runs the next AGI() after one that returned {@code agiStatus}. */
    static boolean triesNext(String agiStatus, ChannelEmulator emulator, int tried, int servers) {
        return agiStatus != null && !emulator.dead() && tried < servers;
    }

    /** What the dialplan does once the last AGI() it runs has returned. */
    static AfterAgi afterAgi(String agiStatus, ChannelEmulator emulator, List<TranscriptLine> transcript,
                             List<AfterAgi.Attempt> attempts) {
        if (agiStatus == null || emulator.dead()) {
            return AfterAgi.notReached(agiStatus, attempts);
        }
        List<String> applications = new ArrayList<>();
        int voicemailsBefore = emulator.voicemails().size();
        run(applications, transcript, emulator, "Playback(" + APOLOGY + ")", "EXEC Playback " + APOLOGY);
        run(applications, transcript, emulator, "VoiceMail(" + FALLBACK_MAILBOX + ")", "EXEC VoiceMail " + FALLBACK_MAILBOX);
        run(applications, transcript, emulator, "Hangup()", null);
        List<VoicemailDeposit> left = emulator.voicemails().subList(voicemailsBefore, emulator.voicemails().size());
        return new AfterAgi(agiStatus, AfterAgi.Path.FALLBACK, applications, left, attempts);
    }

    /** Runs one application the way the emulator runs it for an AGI EXEC (prompts, keys, spool). */
    private static void run(List<String> applications, List<TranscriptLine> transcript, ChannelEmulator emulator,
                            String application, String asExec) {
        applications.add(application);
        transcript.add(new TranscriptLine(Instant.now(), TranscriptLine.Direction.NOTE, "plan de numérotation : " + application));
        if (asExec != null && !emulator.dead()) {
            emulator.handle(AgiCommand.parse(asExec));
        }
    }
}

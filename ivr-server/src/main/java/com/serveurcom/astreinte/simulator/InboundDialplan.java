package com.serveurcom.astreinte.simulator;

import com.serveurcom.astreinte.agi.FastAgiListener;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The priorities of the shipped {@code [astreinte-inbound]} context that follow its
 * {@code AGI(agi://127.0.0.1:4573/support)} (config/asterisk/extensions.conf):
 * <pre>
 *  same => n,GotoIf($["${ASTREINTE_SERVED}" != "1"]?secours)
 *  same => n,Hangup()
 *  same => n(secours),NoOp(...)
 *  same => n,Playback(astreinte/erreur-technique)
 *  same => n,VoiceMail(100@astreinte,s)
 *  same => n,Hangup()
 * </pre>
 * The applications run on the call's {@link ChannelEmulator}, so the caller's keys drive the
 * VoiceMail and the message lands in the voicemail spool like one left through the server.
 * {@code ShippedDialplanTest} checks that the file still says this.
 */
final class InboundDialplan {
    static final String APOLOGY = "astreinte/erreur-technique";
    static final String FALLBACK_MAILBOX = "100@astreinte,s";

    private InboundDialplan() {
    }

    static AfterAgi afterAgi(String agiStatus, ChannelEmulator emulator, List<TranscriptLine> transcript) {
        if (agiStatus == null || emulator.dead()) {
            return AfterAgi.notReached(agiStatus);
        }
        List<String> applications = new ArrayList<>();
        if ("1".equals(emulator.variables().get(FastAgiListener.SERVED_VARIABLE))) {
            run(applications, transcript, emulator, "Hangup()", null);
            return new AfterAgi(agiStatus, AfterAgi.Path.HANGUP, applications, List.of());
        }
        int voicemailsBefore = emulator.voicemails().size();
        run(applications, transcript, emulator, "Playback(" + APOLOGY + ")", "EXEC Playback " + APOLOGY);
        run(applications, transcript, emulator, "VoiceMail(" + FALLBACK_MAILBOX + ")", "EXEC VoiceMail " + FALLBACK_MAILBOX);
        run(applications, transcript, emulator, "Hangup()", null);
        List<VoicemailDeposit> left = emulator.voicemails().subList(voicemailsBefore, emulator.voicemails().size());
        return new AfterAgi(agiStatus, AfterAgi.Path.FALLBACK, applications, left);
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

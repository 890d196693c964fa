package com.serveurcom.astreinte.simulator;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * What happened on one simulated call.
 *
 * @param channel the simulated AGI channel, e.g. {@code Local/0272646172@astreinte-inbound-00000000;2}
 * @param transcript every line on the wire, in order
 * @param commands the command lines the server sent
 * @param prompts sounds played: STREAM FILE, GET DATA, GET OPTION, EXEC Playback/Background, the
 *     VoiceMail greeting ({@code vm-intro}, or {@code beep} with option {@code s}) and
 *     {@code moh:default} while in a Queue
 * @param digitsSaid numbers read out by SAY DIGITS (and EXEC SayDigits)
 * @param variablesSet SET VARIABLE and EXEC Set done by the server, in order (the last value wins)
 * @param channelVariables the channel's variables at the end (server's and Asterisk's)
 * @param ajAgiStatus what asterisk-java reported in {@code SET VARIABLE AJ_AGISTATUS}, or null
 * @param end how the call ended
 * @param closeDelay from the simulator's last answer to the server's close (null if not closed)
 * @param hungUp whether the channel was hung up (by the caller or by the server) during the call
 * @param keysConsumed how many key entries prompts used
 * @param keysExhausted whether a prompt asked for input after every entry had been used
 * @param error the I/O error that ended the call, or null
 * @param afterAgi AGISTATUS and what the shipped dialplan did once AGI() returned
 */
public record SimulatedCallResult(
        String channel,
        List<TranscriptLine> transcript,
        List<String> commands,
        List<String> prompts,
        List<String> digitsSaid,
        Map<String, String> variablesSet,
        Map<String, String> channelVariables,
        List<VoicemailDeposit> voicemails,
        String ajAgiStatus,
        End end,
        Duration closeDelay,
        boolean hungUp,
        int keysConsumed,
        int keysTotal,
        boolean keysExhausted,
        String error,
        AfterAgi afterAgi) {

    public enum End {
        /** The server closed the socket: the normal end of a FastAGI call. */
        SERVER_CLOSED,
        /** The server neither sent a command nor closed within the idle limit: a defect. */
        IDLE_TIMEOUT,
        /** Nothing listened on the port (Asterisk sets AGISTATUS=FAILURE). */
        CONNECT_FAILED,
        /** The connection broke (reset, or the server stopped reading). */
        IO_ERROR
    }

    public SimulatedCallResult {
        transcript = List.copyOf(transcript);
        commands = List.copyOf(commands);
        prompts = List.copyOf(prompts);
        digitsSaid = List.copyOf(digitsSaid);
        variablesSet = Collections.unmodifiableMap(new LinkedHashMap<>(variablesSet));
        channelVariables = Map.copyOf(channelVariables);
        voicemails = List.copyOf(voicemails);
    }

    /** True when the caller went to the dialplan's fallback (apology and on-call voicemail). */
    public boolean tookFallback() {
        return afterAgi.path() == AfterAgi.Path.FALLBACK;
    }

    /** True when the server closed the socket by itself, before the idle limit. */
    public boolean closedPromptly() {
        return end == End.SERVER_CLOSED;
    }

    /** The transcript as printable lines, {@code HH:mm:ss.SSS >> ...}. */
    public String printTranscript() {
        return transcript.stream().map(TranscriptLine::toString).collect(Collectors.joining("\n", "", "\n"));
    }
}

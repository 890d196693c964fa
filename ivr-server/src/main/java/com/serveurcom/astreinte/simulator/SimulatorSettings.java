package com.serveurcom.astreinte.simulator;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Settings shared by every call of one {@link AsteriskSimulator}.
 *
 * @param mediaDelay how long media commands (prompts, digit reads, recordings, Queue, Dial) take
 *     before their answer; zero in tests, e.g. 100 ms for load benchmarks
 * @param idleLimit how long the simulator waits for the server's next command or for it to close
 *     the socket; past it the call is reported as left open (a defect) and closed by the simulator
 * @param spoolDir Asterisk's spool directory ({@code <astspool>}); VoiceMail writes
 *     {@code voicemail/<ctx>/<box>/INBOX/msgNNNN.txt|.wav} under it when {@code writeVoicemailFiles}
 * @param missingSounds sound names that do not exist (STREAM FILE answers {@code result=-1 endpos=0})
 * @param soundSamples length in 8 kHz samples of known sounds, for {@code endpos}; others use
 *     {@code defaultSoundSamples}
 * @param dialStatus DIALSTATUS that {@code EXEC Dial} produces: CHANUNAVAIL (recorded), NOANSWER,
 *     BUSY, CONGESTION answer {@code 200 result=0}; ANSWER means the callee answered and the caller
 *     hung up afterwards ({@code 200 result=-1}, then HANGUP)
 * @param voicemailListener told of every message VoiceMail saves, e.g. to push MessageWaiting on a
 *     the fake AMI server of the tests; may be a no-op
 * @param thinkTimes told how long the server took before each command it sent (load benchmarks);
 *     {@link ThinkTimeRecorder#NONE} by default
 */
public record SimulatorSettings(
        Duration mediaDelay,
        Duration idleLimit,
        Path spoolDir,
        boolean writeVoicemailFiles,
        Set<String> missingSounds,
        Map<String, Integer> soundSamples,
        int defaultSoundSamples,
        QueueBehaviour queue,
        String dialStatus,
        Consumer<VoicemailDeposit> voicemailListener,
        ThinkTimeRecorder thinkTimes) {

    public SimulatorSettings {
        Objects.requireNonNull(mediaDelay, "mediaDelay");
        Objects.requireNonNull(idleLimit, "idleLimit");
        Objects.requireNonNull(spoolDir, "spoolDir");
        missingSounds = Set.copyOf(missingSounds);
        soundSamples = Map.copyOf(soundSamples);
        Objects.requireNonNull(queue, "queue");
        Objects.requireNonNull(dialStatus, "dialStatus");
        Objects.requireNonNull(voicemailListener, "voicemailListener");
        Objects.requireNonNull(thinkTimes, "thinkTimes");
    }

    /** The settings as they were before think times were recorded: kept so existing callers compile. */
    public SimulatorSettings(Duration mediaDelay, Duration idleLimit, Path spoolDir, boolean writeVoicemailFiles,
            Set<String> missingSounds, Map<String, Integer> soundSamples, int defaultSoundSamples, QueueBehaviour queue,
            String dialStatus, Consumer<VoicemailDeposit> voicemailListener) {
        this(mediaDelay, idleLimit, spoolDir, writeVoicemailFiles, missingSounds, soundSamples, defaultSoundSamples,
                queue, dialStatus, voicemailListener, ThinkTimeRecorder.NONE);
    }

    /** Fast defaults for tests: no media delay, 5 s idle limit, no files written. */
    public static SimulatorSettings defaults() {
        return new SimulatorSettings(Duration.ZERO, Duration.ofSeconds(5),
                Path.of("/var/spool/asterisk"), false, Set.of(),
                Map.of("beep", 3404, "vm-intro", 45600, "vm-goodbye", 6920), 16000,
                QueueBehaviour.noAgent(), "CHANUNAVAIL", d -> { });
    }

    public SimulatorSettings withMediaDelay(Duration v) {
        return new SimulatorSettings(v, idleLimit, spoolDir, writeVoicemailFiles, missingSounds, soundSamples, defaultSoundSamples, queue, dialStatus, voicemailListener, thinkTimes);
    }

    public SimulatorSettings withIdleLimit(Duration v) {
        return new SimulatorSettings(mediaDelay, v, spoolDir, writeVoicemailFiles, missingSounds, soundSamples, defaultSoundSamples, queue, dialStatus, voicemailListener, thinkTimes);
    }

    /** Sets the spool directory and makes VoiceMail write its files there. */
    public SimulatorSettings withVoicemailSpool(Path v) {
        return new SimulatorSettings(mediaDelay, idleLimit, v, true, missingSounds, soundSamples, defaultSoundSamples, queue, dialStatus, voicemailListener, thinkTimes);
    }

    public SimulatorSettings withMissingSounds(Set<String> v) {
        return new SimulatorSettings(mediaDelay, idleLimit, spoolDir, writeVoicemailFiles, v, soundSamples, defaultSoundSamples, queue, dialStatus, voicemailListener, thinkTimes);
    }

    public SimulatorSettings withQueue(QueueBehaviour v) {
        return new SimulatorSettings(mediaDelay, idleLimit, spoolDir, writeVoicemailFiles, missingSounds, soundSamples, defaultSoundSamples, v, dialStatus, voicemailListener, thinkTimes);
    }

    public SimulatorSettings withDialStatus(String v) {
        return new SimulatorSettings(mediaDelay, idleLimit, spoolDir, writeVoicemailFiles, missingSounds, soundSamples, defaultSoundSamples, queue, v, voicemailListener, thinkTimes);
    }

    public SimulatorSettings withVoicemailListener(Consumer<VoicemailDeposit> v) {
        return new SimulatorSettings(mediaDelay, idleLimit, spoolDir, writeVoicemailFiles, missingSounds, soundSamples, defaultSoundSamples, queue, dialStatus, v, thinkTimes);
    }

    public SimulatorSettings withThinkTimes(ThinkTimeRecorder v) {
        return new SimulatorSettings(mediaDelay, idleLimit, spoolDir, writeVoicemailFiles, missingSounds, soundSamples, defaultSoundSamples, queue, dialStatus, voicemailListener, v);
    }

    int samplesOf(String sound) {
        return soundSamples.getOrDefault(sound, defaultSoundSamples);
    }
}

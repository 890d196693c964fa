package com.serveurcom.astreinte.simulator;

/**
 * Told, for every AGI command the server sends, how long the server "thought" before sending it:
 * from the moment the simulator finished writing its previous answer (or the header block) to the
 * moment it had read the command line. The simulator's own media delay happens before it writes
 * the answer, so it is never part of the figure; the final close of the socket is not a command
 * and is not reported. Called on the call's thread, once per command: implementations must be
 * thread-safe and should not allocate (see {@link LatencyHistogram}).
 */
@FunctionalInterface
public interface ThinkTimeRecorder {

    /** Records nothing: the default, so that normal simulated calls pay nothing for it. */
    ThinkTimeRecorder NONE = (command, nanos) -> { };

    /**
     * @param command the command line just read from the server (already allocated by the reader)
     * @param nanos System.nanoTime difference, answer written to command read
     */
    void record(String command, long nanos);
}

package com.serveurcom.astreinte.simulator;

/**
 * How the simulated {@code Queue()} application behaves.
 *
 * <ul>
 *   <li>{@link Mode#NO_AGENT}: the queue has no member (the recorded {@code support} queue,
 *       joinempty off). With a timeout argument Queue answers {@code 200 result=0} and sets
 *       QUEUESTATUS=TIMEOUT; without one the caller waits {@code holdSeconds} then hangs up:
 *       {@code 200 result=-1}, HANGUP, QUEUESTATUS unset (notes, cases 3a and 3b).</li>
 *   <li>{@link Mode#JOIN_EMPTY}: the queue refuses empty joins ({@code joinempty=yes}):
 *       {@code 200 result=0} at once, QUEUESTATUS=JOINEMPTY. Not recorded from the real PBX.</li>
 *   <li>{@link Mode#AGENT_ANSWERS}: an agent answers after {@code holdSeconds}; the two talk for
 *       {@code talkSeconds}, then the caller hangs up. app_queue then returns -1, so the AGI sees
 *       {@code 200 result=-1} and HANGUP; QUEUESTATUS stays unset (it is only set when the caller
 *       leaves the queue unanswered) while ANSWEREDTIME and MEMBERINTERFACE are set. Chosen as the
 *       usual end of a routed support call; not recorded from the real PBX.</li>
 * </ul>
 */
public record QueueBehaviour(Mode mode, int holdSeconds, int talkSeconds, String agentInterface) {

    public enum Mode { NO_AGENT, JOIN_EMPTY, AGENT_ANSWERS }

    public static QueueBehaviour noAgent() {
        return new QueueBehaviour(Mode.NO_AGENT, 4, 0, null);
    }

    public static QueueBehaviour agentAnswers() {
        return new QueueBehaviour(Mode.AGENT_ANSWERS, 2, 30, "Local/201@agents");
    }

    public static QueueBehaviour joinEmpty() {
        return new QueueBehaviour(Mode.JOIN_EMPTY, 0, 0, null);
    }
}

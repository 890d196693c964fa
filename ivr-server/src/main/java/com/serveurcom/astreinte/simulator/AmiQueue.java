package com.serveurcom.astreinte.simulator;

/**
 * A queue as the fake AMI server reports it in QueueSummary and QueueStatus.
 *
 * @param loggedIn members logged in (one QueueMember event each)
 * @param available members among them ready to take a call (not paused, not in use)
 * @param callers callers waiting (one QueueEntry event each)
 * @param abandoned the queue's Abandoned counter
 */
public record AmiQueue(String name, String strategy, int loggedIn, int available, int callers, int abandoned) {

    public AmiQueue {
        if (available > loggedIn) {
            throw new IllegalArgumentException("available > loggedIn");
        }
    }

    /** The recorded {@code support} queue: ringall, nobody logged in, idle. */
    public static AmiQueue empty(String name) {
        return new AmiQueue(name, "ringall", 0, 0, 0, 0);
    }

    public static AmiQueue withAgents(String name, int loggedIn, int available) {
        return new AmiQueue(name, "ringall", loggedIn, available, 0, 0);
    }
}

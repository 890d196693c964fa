package com.serveurcom.astreinte.simulator;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * One line on the FastAGI wire. {@code >>} is sent by the AGI server, {@code <<} by Asterisk (the
 * simulator) and {@code ==} is a note, as in the recorded transcripts of asterisk-wire.md.
 */
public record TranscriptLine(Instant at, Direction direction, String text) {

    public enum Direction {
        FROM_SERVER(">>"), FROM_ASTERISK("<<"), NOTE("==");

        private final String mark;

        Direction(String mark) {
            this.mark = mark;
        }

        public String mark() {
            return mark;
        }
    }

    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("HH:mm:ss.SSS").withZone(ZoneOffset.UTC);

    @Override
    public String toString() {
        return TIME.format(at) + " " + direction.mark() + " " + (text.isEmpty() ? "''" : text);
    }
}

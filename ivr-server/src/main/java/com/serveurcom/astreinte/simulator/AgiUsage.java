package com.serveurcom.astreinte.simulator;

import java.util.Map;

/** Syntax lines for the 520 answer, as in the Asterisk 22 AGI command documentation. */
final class AgiUsage {

    private static final Map<String, String> SYNTAX = Map.ofEntries(
            Map.entry("STREAM FILE", "<filename> <escape_digits> [sample offset]"),
            Map.entry("CONTROL STREAM FILE", "<filename> <escape_digits> [skipms] [ffchar] [rewchr] [pausechr] [offsetms]"),
            Map.entry("GET DATA", "<file to be streamed> [timeout] [maxdigits]"),
            Map.entry("GET OPTION", "<filename> <escape_digits> [timeout]"),
            Map.entry("GET VARIABLE", "<variablename>"),
            Map.entry("GET FULL VARIABLE", "<expression> [channelname]"),
            Map.entry("SET VARIABLE", "<variablename> <value>"),
            Map.entry("WAIT FOR DIGIT", "<timeout>"),
            Map.entry("SAY DIGITS", "<number> <escape_digits>"),
            Map.entry("SAY NUMBER", "<number> <escape_digits> [gender]"),
            Map.entry("RECORD FILE", "<filename> <format> <escape_digits> <timeout> [offset samples] [BEEP] [s=silence]"),
            Map.entry("EXEC", "<application> <options>"),
            Map.entry("VERBOSE", "<message> <level>"),
            Map.entry("DATABASE GET", "<family> <key>"),
            Map.entry("DATABASE PUT", "<family> <key> <value>"),
            Map.entry("DATABASE DEL", "<family> <key>"));

    private AgiUsage() {
    }

    static String syntax(String command) {
        return SYNTAX.getOrDefault(command, "");
    }
}

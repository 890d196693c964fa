package com.serveurcom.astreinte.simulator;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One command line sent by the FastAGI server, split into arguments the way res_agi's
 * {@code parse_args} does: whitespace separates arguments, double quotes group (and are removed),
 * a backslash escapes the next character, and {@code ""} yields an empty argument (as in
 * {@code STREAM FILE beep ""}).
 */
public record AgiCommand(String raw, List<String> args) {

    public AgiCommand {
        args = List.copyOf(args);
    }

    public static AgiCommand parse(String line) {
        List<String> out = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        boolean inToken = false;
        boolean quoted = false;
        boolean escaped = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (escaped) {
                current.append(c);
                escaped = false;
                inToken = true;
            } else if (c == '\\') {
                escaped = true;
                inToken = true;
            } else if (c == '"') {
                quoted = !quoted;
                inToken = true; // a quote opens an argument even when it stays empty
            } else if (!quoted && (c == ' ' || c == '\t')) {
                if (inToken) {
                    out.add(current.toString());
                    current.setLength(0);
                    inToken = false;
                }
            } else {
                current.append(c);
                inToken = true;
            }
        }
        if (inToken) {
            out.add(current.toString());
        }
        return new AgiCommand(line, out);
    }

    /** Argument {@code i} (0 = first word), or {@code null} when absent. */
    public String arg(int i) {
        return i < args.size() ? args.get(i) : null;
    }

    public int argc() {
        return args.size();
    }

    /** The first {@code n} words upper-cased and joined by a space: the lookup key of a command. */
    public String words(int n) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < n && i < args.size(); i++) {
            if (i > 0) {
                sb.append(' ');
            }
            sb.append(args.get(i).toUpperCase(Locale.ROOT));
        }
        return sb.toString();
    }
}

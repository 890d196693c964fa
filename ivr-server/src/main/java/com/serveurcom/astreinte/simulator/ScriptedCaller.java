package com.serveurcom.astreinte.simulator;

import java.util.ArrayList;
import java.util.List;

/**
 * The caller's behaviour for one call: key entries consumed one per prompt that reads digits or
 * records. Confined to the thread that runs the call.
 */
public final class ScriptedCaller {

    private final List<KeyEntry> entries;
    private final KeyEntry whenExhausted;
    private int next;

    /**
     * @param whenExhausted what the caller does once every entry is used; hanging up is the
     *     default in {@link CallSpec} because a real caller with nothing left to say hangs up, and
     *     it keeps a looping server from spinning for ever.
     */
    public ScriptedCaller(List<KeyEntry> entries, KeyEntry whenExhausted) {
        this.entries = List.copyOf(entries);
        this.whenExhausted = whenExhausted;
    }

    /** Parses {@code "26000001#, 1, message"} or {@code "26000001#,1,message"}. */
    public static List<KeyEntry> parseKeys(String commaSeparated) {
        List<KeyEntry> out = new ArrayList<>();
        if (commaSeparated == null || commaSeparated.isBlank()) {
            return out;
        }
        for (String part : commaSeparated.split(",")) {
            if (!part.isBlank()) {
                out.add(KeyEntry.parse(part));
            }
        }
        return out;
    }

    /** The next entry, consuming it; {@link #whenExhausted} once the script is used up. */
    public KeyEntry next() {
        if (next < entries.size()) {
            return entries.get(next++);
        }
        next = entries.size() + 1; // remember that the caller ran out of keys
        return whenExhausted;
    }

    public int consumed() {
        return Math.min(next, entries.size());
    }

    public int total() {
        return entries.size();
    }

    /** True if a prompt asked for input after every entry had been used. */
    public boolean exhausted() {
        return next > entries.size();
    }
}

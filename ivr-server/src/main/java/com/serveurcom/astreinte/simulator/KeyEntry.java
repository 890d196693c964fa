package com.serveurcom.astreinte.simulator;

import java.util.Locale;

/**
 * One entry of a scripted caller (the {@code simulate-call --keys} syntax of calls.md), consumed
 * by one prompt that reads digits or records.
 *
 * <ul>
 *   <li>{@code 26000001#}: the caller types these keys; {@code #} ends the input;</li>
 *   <li>{@code -}: the caller stays silent until the prompt times out;</li>
 *   <li>{@code hangup}: the caller hangs up during the prompt;</li>
 *   <li>{@code message}, {@code nomessage}, {@code message-hangup}: what the caller does when
 *       VoiceMail (or RECORD FILE) records.</li>
 * </ul>
 */
public record KeyEntry(Kind kind, String digits) {

    public enum Kind { DIGITS, SILENCE, HANGUP, MESSAGE, NO_MESSAGE, MESSAGE_HANGUP }

    public KeyEntry {
        if (kind == Kind.DIGITS && (digits == null || !digits.matches("[0-9*#A-Da-d]+"))) {
            throw new IllegalArgumentException("not a key sequence: " + digits);
        }
        digits = kind == Kind.DIGITS ? digits : "";
    }

    public static KeyEntry parse(String text) {
        String t = text.strip();
        switch (t.toLowerCase(Locale.ROOT)) {
            case "-": return new KeyEntry(Kind.SILENCE, "");
            case "hangup": return new KeyEntry(Kind.HANGUP, "");
            case "message": return new KeyEntry(Kind.MESSAGE, "");
            case "nomessage": return new KeyEntry(Kind.NO_MESSAGE, "");
            case "message-hangup": return new KeyEntry(Kind.MESSAGE_HANGUP, "");
            default: return new KeyEntry(Kind.DIGITS, t);
        }
    }

    @Override
    public String toString() {
        switch (kind) {
            case DIGITS: return digits;
            case SILENCE: return "-";
            case HANGUP: return "hangup";
            case MESSAGE: return "message";
            case NO_MESSAGE: return "nomessage";
            default: return "message-hangup";
        }
    }
}

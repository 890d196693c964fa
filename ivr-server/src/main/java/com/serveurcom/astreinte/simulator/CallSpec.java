package com.serveurcom.astreinte.simulator;

import java.util.List;
import java.util.Objects;

/**
 * What one simulated call looks like from Asterisk: where the FastAGI server is, which script
 * the dialplan asks for ({@code AGI(agi://host:port/script?query,arg1,arg2)}), who calls, and what
 * the caller keys in.
 *
 * @param script the path after the host without the leading slash; any {@code ?query} is kept
 * @param callerIdNumber the caller's number, or {@code null} for an anonymous call
 *     ({@code agi_callerid: unknown}, {@code agi_callingpres: 67})
 * @param callerIdName the caller's name, or {@code null} ({@code unknown})
 * @param callingPres {@code agi_callingpres}: Asterisk's presentation code, {@code 0} (allowed, not
 *     screened) for a caller with a number, {@code 67} (0x43, unavailable) for an anonymous call,
 *     {@code 32} to {@code 35} (0x20-0x23, restricted) when the caller asked to hide a number that
 *     Asterisk still passes in {@code agi_callerid}
 */
public record CallSpec(
        String host,
        int port,
        String script,
        List<String> args,
        String callerIdNumber,
        String callerIdName,
        String context,
        String extension,
        int priority,
        int callingPres,
        String language,
        List<KeyEntry> keys,
        KeyEntry whenKeysExhausted) {

    public CallSpec {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(script, "script");
        args = List.copyOf(args);
        keys = List.copyOf(keys);
        Objects.requireNonNull(whenKeysExhausted, "whenKeysExhausted");
    }

    /** A call to the support line as the shipped dialplan makes it (context astreinte-inbound). */
    public static Builder builder(String host, int port) {
        return new Builder(host, port);
    }

    /** The same call sent to another FastAGI server (the next one of the dialplan's list). */
    public CallSpec at(String otherHost, int otherPort) {
        return new CallSpec(otherHost, otherPort, script, args, callerIdNumber, callerIdName, context, extension,
                priority, callingPres, language, keys, whenKeysExhausted);
    }

    public boolean anonymous() {
        return callerIdNumber == null;
    }

    /** Mutable builder; the spec it builds is immutable. */
    public static final class Builder {
        private final String host;
        private final int port;
        private String script = "support";
        private List<String> args = List.of();
        private String callerIdNumber;
        private String callerIdName;
        private String context = "astreinte-inbound";
        private String extension = "0272646172";
        private int priority = 3;
        private Integer callingPres;
        private String language = "fr";
        private List<KeyEntry> keys = List.of();
        private KeyEntry whenKeysExhausted = new KeyEntry(KeyEntry.Kind.HANGUP, "");

        private Builder(String host, int port) {
            this.host = host;
            this.port = port;
        }

        public Builder script(String v) { this.script = v; return this; }
        public Builder args(String... v) { this.args = List.of(v); return this; }
        public Builder callerId(String number, String name) { this.callerIdNumber = number; this.callerIdName = name; return this; }
        public Builder anonymous() { return callerId(null, null); }
        /** The caller's number is sent but its presentation is restricted ({@code agi_callingpres: 35}). */
        public Builder restricted(String number) { callerId(number, null); this.callingPres = 0x23; return this; }
        public Builder callingPres(int v) { this.callingPres = v; return this; }
        public Builder context(String v) { this.context = v; return this; }
        public Builder extension(String v) { this.extension = v; return this; }
        public Builder priority(int v) { this.priority = v; return this; }
        public Builder language(String v) { this.language = v; return this; }
        public Builder keys(List<KeyEntry> v) { this.keys = v; return this; }
        public Builder keys(String commaSeparated) { this.keys = ScriptedCaller.parseKeys(commaSeparated); return this; }
        public Builder whenKeysExhausted(KeyEntry v) { this.whenKeysExhausted = v; return this; }

        public CallSpec build() {
            int pres = callingPres != null ? callingPres : callerIdNumber == null ? 0x43 : 0;
            return new CallSpec(host, port, script, args, callerIdNumber, callerIdName, context,
                    extension, priority, pres, language, keys, whenKeysExhausted);
        }
    }
}

package com.serveurcom.astreinte.simulator;

import java.util.ArrayList;
import java.util.List;

/** The FastAGI header block exactly as Asterisk 22.10.1 sends it on a Local channel (run 1, run 5). */
final class AgiHeader {

    static final String VERSION = "22.10.1";

    private AgiHeader() {
    }

    /** The 22 {@code agi_*} lines, the {@code agi_arg_N} lines, then the empty line. */
    static List<String> lines(CallSpec spec, String channel, String uniqueId, long threadId) {
        List<String> l = new ArrayList<>(26 + spec.args().size());
        l.add("agi_network: yes");
        l.add("agi_network_script: " + spec.script());
        l.add("agi_request: agi://" + spec.host() + ":" + spec.port() + "/" + spec.script());
        l.add("agi_channel: " + channel);
        l.add("agi_language: " + spec.language());
        l.add("agi_type: Local");
        l.add("agi_uniqueid: " + uniqueId);
        l.add("agi_version: " + VERSION);
        l.add("agi_callerid: " + (spec.anonymous() ? "unknown" : spec.callerIdNumber()));
        l.add("agi_calleridname: " + (spec.callerIdName() == null ? "unknown" : spec.callerIdName()));
        l.add("agi_callingpres: " + spec.callingPres());
        l.add("agi_callingani2: 0");
        l.add("agi_callington: 0");
        l.add("agi_callingtns: 0");
        l.add("agi_dnid: unknown");
        l.add("agi_rdnis: unknown");
        l.add("agi_context: " + spec.context());
        l.add("agi_extension: " + spec.extension());
        l.add("agi_priority: " + spec.priority());
        l.add("agi_enhanced: 0.0");
        l.add("agi_accountcode: "); // empty value, the space after the colon is on the wire
        l.add("agi_threadid: " + threadId);
        for (int i = 0; i < spec.args().size(); i++) {
            l.add("agi_arg_" + (i + 1) + ": " + spec.args().get(i));
        }
        l.add("");
        return l;
    }
}

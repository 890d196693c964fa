package com.serveurcom.astreinte.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The header block, line for line, against run 2 / run 5 of asterisk-wire.md. */
class AgiHeaderTest {

    @Test
    void anonymousCallWithQueryAndArguments() {
        CallSpec spec = CallSpec.builder("127.0.0.1", 4573).script("support?lang=fr").anonymous()
                .args("first arg", "second").build();
        List<String> lines = AgiHeader.lines(spec, "Local/0272646172@astreinte-inbound-00000001;2", "sim-1.3", 140673066997440L);

        assertThat(lines).containsExactly(
                "agi_network: yes",
                "agi_network_script: support?lang=fr",
                "agi_request: agi://127.0.0.1:4573/support?lang=fr",
                "agi_channel: Local/0272646172@astreinte-inbound-00000001;2",
                "agi_language: fr",
                "agi_type: Local",
                "agi_uniqueid: sim-1.3",
                "agi_version: 22.10.1",
                "agi_callerid: unknown",
                "agi_calleridname: unknown",
                "agi_callingpres: 67",
                "agi_callingani2: 0",
                "agi_callington: 0",
                "agi_callingtns: 0",
                "agi_dnid: unknown",
                "agi_rdnis: unknown",
                "agi_context: astreinte-inbound",
                "agi_extension: 0272646172",
                "agi_priority: 3",
                "agi_enhanced: 0.0",
                "agi_accountcode: ",
                "agi_threadid: 140673066997440",
                "agi_arg_1: first arg",
                "agi_arg_2: second",
                "");
    }

    @Test
    void knownCaller() {
        CallSpec spec = CallSpec.builder("127.0.0.1", 4573).callerId("+33612345678", "Jeanne Dupont").build();
        List<String> lines = AgiHeader.lines(spec, "c", "u", 1L);
        assertThat(lines).hasSize(23).contains("agi_callerid: +33612345678", "agi_calleridname: Jeanne Dupont",
                "agi_callingpres: 0", "agi_network_script: support");
    }
}

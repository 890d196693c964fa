package com.serveurcom.astreinte.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.serveurcom.astreinte.call.SupportLine;
import com.serveurcom.astreinte.simulator.AsteriskSimulator;
import com.serveurcom.astreinte.simulator.SimulatedCallResult;
import com.serveurcom.astreinte.simulator.SimulatorSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The benchmark's servers run in child JVMs: one starts, takes a call, and is gone once stopped. */
class BenchServerTest {

    @Test
    void bareServerInAChildJvmTakesACallAndEndsWhenStopped(@TempDir Path dir) throws Exception {
        String outcome = "SET VARIABLE \"" + SupportLine.OUTCOME_VARIABLE + "\" ";
        Templates templates = new Templates(
                List.of("ANSWER", "GET DATA \"astreinte/numero-demande\" 5000 10"),
                List.of("STREAM FILE \"astreinte/enregistre-fin\" \"\"",
                        outcome + "\"registered request=" + Templates.NUMBER + "\"", "HANGUP"),
                List.of(outcome + "\"message added\"", "HANGUP"),
                List.of(outcome + "\"refused reason=priority_not_oncall\"", "HANGUP"));
        Path script = dir.resolve("script.txt");
        new BareServer.Script(templates, SupportLineLoadBenchmark.REFUSAL.number(), Set.of("26000001")).write(script);
        CpuClock clock = CpuClock.detect();

        ServerProcess child = ServerProcess.bare(new ServerProcess.Launch(List.of(), dir, Duration.ofSeconds(30)), script);
        ProcessHandle jvm = child.handle();
        try {
            SupportLineLoadBenchmark.Pattern call = new SupportLineLoadBenchmark.Pattern("27000001", true);
            SimulatedCallResult result = new AsteriskSimulator(SimulatorSettings.defaults())
                    .call(SupportLineLoadBenchmark.spec(child.port(), call));

            assertTrue(SupportLineLoadBenchmark.check(result, call, "test"), result::printTranscript);
            assertEquals(List.of("ANSWER", "GET DATA \"astreinte/numero-demande\" 5000 10",
                    "STREAM FILE \"astreinte/enregistre-fin\" \"\"",
                    outcome + "\"registered request=27000001\"", "HANGUP"), result.commands().subList(0, 5));
            assertTrue(child.cpuNanos(clock) > 0, "a JVM that started and took a call used some CPU");
        } finally {
            child.close();
        }

        assertFalse(jvm.isAlive(), "the child JVM is gone");
        assertEquals(0, child.exitValue(), "closed by its stdin's end, not killed");
    }

    @Test
    void ourServerInAChildJvmTakesACallAndLeavesNothingBehind(@TempDir Path dir) throws Exception {
        Path config = Path.of(Files.isDirectory(Path.of("config")) ? "config" : "../config").toAbsolutePath();
        ServerProcess child = ServerProcess.ours(new ServerProcess.Launch(List.of(), dir, Duration.ofSeconds(60)),
                config, 0, 3000);
        ProcessHandle jvm = child.handle();
        ProcessHandle postgres = child.postmaster().orElseThrow();
        try {
            SimulatedCallResult result = new AsteriskSimulator(SimulatorSettings.defaults())
                    .call(SupportLineLoadBenchmark.spec(child.port(), SupportLineLoadBenchmark.REFUSAL));

            assertTrue(SupportLineLoadBenchmark.check(result, SupportLineLoadBenchmark.REFUSAL, "test"),
                    result::printTranscript);
        } finally {
            child.close();
        }

        assertFalse(jvm.isAlive(), "the child JVM is gone");
        assertFalse(postgres.isAlive(), "its PostgreSQL is gone");
        assertEquals(0, child.exitValue(), "closed by its stdin's end, not killed");
    }

    @Test
    void scriptFileReadsBackAsWritten(@TempDir Path dir) throws Exception {
        Templates templates = new Templates(List.of("ANSWER", "GET DATA \"a b\" 5000 10"),
                List.of("SAY DIGITS " + Templates.NUMBER + " \"\""), List.of("NOOP x"), List.of("HANGUP"));
        BareServer.Script written = new BareServer.Script(templates, "26000002", Set.of("26000001", "27000003"));
        written.write(dir.resolve("s.txt"));

        BareServer.Script read = BareServer.Script.read(dir.resolve("s.txt"));

        assertEquals(written.refusalNumber(), read.refusalNumber());
        assertEquals(written.registered(), read.registered());
        assertEquals(templates.prefix, read.templates().prefix);
        assertEquals(templates.firstTail, read.templates().firstTail);
        assertEquals(templates.addedTail, read.templates().addedTail);
        assertEquals(templates.refusalTail, read.templates().refusalTail);
    }
}

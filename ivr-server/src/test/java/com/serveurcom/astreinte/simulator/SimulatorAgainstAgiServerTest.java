package com.serveurcom.astreinte.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.CompletableFuture;
import org.asteriskjava.fastagi.AgiChannel;
import org.asteriskjava.fastagi.AgiException;
import org.asteriskjava.fastagi.AgiHangupException;
import org.asteriskjava.fastagi.AgiRequest;
import org.asteriskjava.fastagi.AgiScript;
import org.asteriskjava.fastagi.DefaultAgiServer;
import org.asteriskjava.fastagi.SimpleMappingStrategy;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The simulator against a real asterisk-java DefaultAgiServer on a loopback port. */
class SimulatorAgainstAgiServerTest {

    private static DefaultAgiServer server;
    private static int port;
    /** What each script saw, keyed by the call's channel name. */
    private static final Map<String, List<String>> SEEN = new ConcurrentHashMap<>();

    @BeforeAll
    static void startServer() throws Exception {
        Map<String, AgiScript> mappings = new HashMap<>(); // HashMap: Map.of NPEs on a null script
        mappings.put("support", SimulatorAgainstAgiServerTest::supportFlow);
        mappings.put("echo", SimulatorAgainstAgiServerTest::echo);
        mappings.put("hangup", SimulatorAgainstAgiServerTest::serverHangup);
        mappings.put("sleepy", (request, channel) -> sleep(2_000));
        mappings.put("queue", SimulatorAgainstAgiServerTest::queue);
        SimpleMappingStrategy strategy = new SimpleMappingStrategy();
        strategy.setMappings(mappings);
        server = new DefaultAgiServer(strategy);
        server.setAddress(InetAddress.getLoopbackAddress());
        port = freePort();
        server.setPort(port);
        Thread t = new Thread(() -> {
            try {
                server.startup();
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }, "test-agi-server");
        t.setDaemon(true);
        t.start();
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (true) {
            try {
                new Socket(InetAddress.getLoopbackAddress(), port).close();
                break; // accepted; asterisk-java logs an empty request and moves on
            } catch (IOException e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
                Thread.sleep(20);
            }
        }
    }

    @AfterAll
    static void stopServer() {
        server.shutdown();
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Keyed by the caller id name, unique per call: channel names restart with each simulator. */
    private static void seen(AgiChannel channel, String what) {
        String key;
        try {
            key = channel.getFullVariable("${CALLERID(name)}");
        } catch (AgiException e) {
            key = "?";
        }
        SEEN.computeIfAbsent(key, k -> new ArrayList<>()).add(what);
    }

    private static final java.util.concurrent.atomic.AtomicInteger CALLS = new java.util.concurrent.atomic.AtomicInteger();

    private static List<String> seenBy(CallSpec spec) {
        return SEEN.get(spec.callerIdName());
    }

    /** A miniature on-call flow: greeting, ticket number, voicemail, then hangup. */
    private static void supportFlow(AgiRequest request, AgiChannel channel) throws AgiException {
        try {
            channel.streamFile("astreinte/bienvenue");
            String number = channel.getData("astreinte/saisir-numero", 5000, 12);
            seen(channel, "number=" + number);
            channel.sayDigits(number);
            int vm = channel.exec("VoiceMail", "100@astreinte,s");
            seen(channel, "exec=" + vm);
            seen(channel, "VMSTATUS=" + channel.getVariable("VMSTATUS"));
            seen(channel, "VM_MESSAGEFILE=" + channel.getVariable("VM_MESSAGEFILE"));
            channel.setVariable("ASTREINTE_OUTCOME", "registered");
            channel.streamFile("astreinte/merci");
            seen(channel, "done");
        } catch (AgiHangupException e) {
            seen(channel, "hangup-exception");
        }
    }

    private static void echo(AgiRequest request, AgiChannel channel) throws AgiException {
        seen(channel, "script=" + request.getScript());
        seen(channel, "lang=" + request.getParameter("lang"));
        seen(channel, "args=" + List.of(request.getArguments()));
        seen(channel, "callerid=" + request.getCallerIdNumber());
        seen(channel, "language=" + request.getLanguage());
        seen(channel, "context=" + request.getContext());
        seen(channel, "full=" + channel.getFullVariable("${CALLERID(num)}/${CHANNEL}"));
    }

    private static void serverHangup(AgiRequest request, AgiChannel channel) throws AgiException {
        channel.hangup();
        seen(channel, "after=" + channel.getVariable("X"));
        try {
            channel.streamFile("beep");
            seen(channel, "played");
        } catch (AgiHangupException e) {
            seen(channel, "hangup-exception");
        }
    }

    private static void queue(AgiRequest request, AgiChannel channel) throws AgiException {
        seen(channel, "exec=" + channel.exec("Queue", "support,,,,5"));
        seen(channel, "QUEUESTATUS=" + channel.getVariable("QUEUESTATUS"));
    }

    private static AsteriskSimulator simulator() {
        return new AsteriskSimulator(SimulatorSettings.defaults().withIdleLimit(Duration.ofSeconds(3)));
    }

    private static CallSpec.Builder call(String script) {
        return CallSpec.builder("127.0.0.1", port).script(script).callerId("+33612345678", "call" + CALLS.incrementAndGet());
    }

    @Test
    void fullFlowDigitsVoicemailAndClose() {
        CallSpec spec = call("support").keys("26000001#, message").build();
        SimulatedCallResult r = simulator().call(spec);

        assertThat(r.end()).as(r.printTranscript()).isEqualTo(SimulatedCallResult.End.SERVER_CLOSED);
        assertThat(seenBy(spec)).containsExactly("number=26000001", "exec=0", "VMSTATUS=SUCCESS",
                "VM_MESSAGEFILE=/var/spool/asterisk/voicemail/astreinte/100/INBOX/msg0000", "done");
        assertThat(r.prompts()).containsExactly("astreinte/bienvenue", "astreinte/saisir-numero", "beep", "astreinte/merci");
        assertThat(r.digitsSaid()).containsExactly("26000001");
        assertThat(r.variablesSet()).containsEntry("ASTREINTE_OUTCOME", "registered");
        assertThat(r.ajAgiStatus()).isEqualTo("SUCCESS");
        assertThat(r.keysConsumed()).isEqualTo(2);
        assertThat(r.keysExhausted()).isFalse();
        assertThat(r.closedPromptly()).isTrue();
        assertThat(r.transcript().get(0).text()).isEqualTo("agi_network: yes");
    }

    @Test
    void callerHangupRaisesAgiHangupExceptionInTheScript() {
        CallSpec spec = call("support").keys("hangup").build();
        SimulatedCallResult r = simulator().call(spec);

        assertThat(r.end()).isEqualTo(SimulatedCallResult.End.SERVER_CLOSED);
        // Trap worth knowing: asterisk-java's getData returns "-1" on a hangup, it does not throw;
        // the exception only comes with the next media command (511).
        assertThat(seenBy(spec)).containsExactly("number=-1", "hangup-exception");
        assertThat(r.printTranscript()).contains("<< 200 result=-1\n", "<< HANGUP\n",
                "<< 511 Command Not Permitted on a dead channel or intercept routine\n");
        assertThat(r.hungUp()).isTrue();
        assertThat(r.ajAgiStatus()).isEqualTo("SUCCESS");
    }

    @Test
    void noMessageLeavesVmstatusFailed() {
        CallSpec spec = call("support").keys("26000001#, nomessage").build();
        SimulatedCallResult r = simulator().call(spec);

        assertThat(seenBy(spec)).containsExactly("number=26000001", "exec=-1", "VMSTATUS=FAILED",
                "VM_MESSAGEFILE=null", "hangup-exception");
        assertThat(r.variablesSet()).containsEntry("ASTREINTE_OUTCOME", "registered"); // SET VARIABLE works on a dead channel
        assertThat(r.voicemails()).isEmpty();
    }

    @Test
    void headerBlockArgumentsAndQuery() {
        CallSpec spec = call("echo?lang=fr&queue=1").args("first arg", "second").build();
        SimulatedCallResult r = simulator().call(spec);

        assertThat(seenBy(spec)).containsExactly("script=echo", "lang=fr", "args=[first arg, second]",
                "callerid=+33612345678", "language=fr", "context=astreinte-inbound",
                "full=+33612345678/" + r.channel());
        List<String> header = r.transcript().stream().limit(25).map(TranscriptLine::text).toList();
        assertThat(header).containsSubsequence("agi_network: yes", "agi_network_script: echo?lang=fr&queue=1",
                "agi_request: agi://127.0.0.1:" + port + "/echo?lang=fr&queue=1", "agi_accountcode: ",
                "agi_arg_1: first arg", "agi_arg_2: second", "");
        assertThat(header.get(header.indexOf("agi_arg_1: first arg") - 1)).startsWith("agi_threadid: ");
        assertThat(r.channel()).matches("Local/0272646172@astreinte-inbound-[0-9a-f]{8};2");
    }

    @Test
    void serverHangupGivesHangupLineThen511() {
        CallSpec spec = call("hangup").build();
        SimulatedCallResult r = simulator().call(spec);

        assertThat(seenBy(spec)).containsExactly("after=null", "hangup-exception");
        assertThat(r.printTranscript()).contains(">> HANGUP\n", "<< 200 result=1\n", "<< HANGUP\n");
        assertThat(r.end()).isEqualTo(SimulatedCallResult.End.SERVER_CLOSED);
    }

    @Test
    void unknownScriptIsReportedNotFound() {
        CallSpec spec = call("no-such-script").build();
        SimulatedCallResult r = simulator().call(spec);

        assertThat(r.ajAgiStatus()).isEqualTo("NOT_FOUND");
        assertThat(r.commands()).anyMatch(c -> c.startsWith("VERBOSE"));
        assertThat(r.end()).isEqualTo(SimulatedCallResult.End.SERVER_CLOSED);
    }

    @Test
    void queueTimeout() {
        CallSpec spec = call("queue").build();
        SimulatedCallResult r = simulator().call(spec);
        assertThat(seenBy(spec)).containsExactly("exec=0", "QUEUESTATUS=TIMEOUT");
    }

    @Test
    void aServerThatKeepsTheCallOpenIsReported() {
        AsteriskSimulator impatient = new AsteriskSimulator(SimulatorSettings.defaults().withIdleLimit(Duration.ofMillis(300)));
        CallSpec spec = call("sleepy").build();
        SimulatedCallResult r = impatient.call(spec);

        assertThat(r.end()).isEqualTo(SimulatedCallResult.End.IDLE_TIMEOUT);
        assertThat(r.closedPromptly()).isFalse();
    }

    @Test
    void nothingListening() throws IOException {
        SimulatedCallResult r = simulator().call(CallSpec.builder("127.0.0.1", freePort()).build());
        assertThat(r.end()).isEqualTo(SimulatedCallResult.End.CONNECT_FAILED);
    }

    @Test
    void manyConcurrentCalls() {
        AsteriskSimulator sim = simulator();
        ExecutorService pool = Executors.newFixedThreadPool(50);
        try {
            List<CompletableFuture<SimulatedCallResult>> calls = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                calls.add(sim.callAsync(call("support").keys("2600" + String.format("%04d", i) + "#, message").build(), pool));
            }
            List<SimulatedCallResult> results = calls.stream().map(CompletableFuture::join).toList();
            assertThat(results).allMatch(SimulatedCallResult::closedPromptly);
            assertThat(results).allMatch(r -> "SUCCESS".equals(r.ajAgiStatus()));
            assertThat(results.stream().map(r -> r.voicemails().get(0).messageNumber()).distinct()).hasSize(200);
        } finally {
            pool.shutdownNow();
        }
    }
}

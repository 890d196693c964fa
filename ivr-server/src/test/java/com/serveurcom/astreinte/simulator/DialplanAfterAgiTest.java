package com.serveurcom.astreinte.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.serveurcom.astreinte.agi.FastAgiListener;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * What a caller goes through once AGI() returns, as asterisk-wire-originate.md section 7 recorded
 * Asterisk's AGISTATUS, and as the shipped dialplan then decides on ASTREINTE_SERVED.
 */
class DialplanAfterAgiTest {

    final AsteriskSimulator simulator = new AsteriskSimulator(SimulatorSettings.defaults().withIdleLimit(Duration.ofSeconds(5)));

    SimulatedCallResult callTo(int port) {
        return simulator.call(CallSpec.builder("127.0.0.1", port).callerId("+33612345678", "Jeanne").keys("message").build());
    }

    /** A one-connection FastAGI peer that does what {@code peer} says with the socket, then closes it. */
    static int peer(Consumer<Socket> peer) throws IOException {
        ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread t = new Thread(() -> {
            try (server; Socket s = server.accept()) {
                peer.accept(s);
            } catch (IOException ignored) {
                // the test reads the outcome on the simulator's side
            }
        }, "test-agi-peer");
        t.setDaemon(true);
        t.start();
        return server.getLocalPort();
    }

    static void readHeader(BufferedReader in) {
        try {
            String line;
            while ((line = in.readLine()) != null && !line.isEmpty()) {
                // skip the header block
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static void say(Socket s, BufferedReader in, String command) throws IOException {
        OutputStream out = s.getOutputStream();
        out.write((command + "\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
        in.readLine();
    }

    @Test
    void nothingListeningIsFailureAndTheFallbackTakesAMessage() throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        SimulatedCallResult r = callTo(port);
        assertThat(r.end()).isEqualTo(SimulatedCallResult.End.CONNECT_FAILED);
        assertThat(r.afterAgi().agiStatus()).isEqualTo("FAILURE");
        assertThat(r.afterAgi().path()).isEqualTo(AfterAgi.Path.FALLBACK);
        assertThat(r.afterAgi().applications())
                .containsExactly("Playback(astreinte/erreur-technique)", "VoiceMail(100@astreinte,s)", "Hangup()");
        assertThat(r.prompts()).isEmpty();
        assertThat(r.afterAgi().voicemails()).singleElement().satisfies(v -> assertThat(v.mailboxId()).isEqualTo("100@astreinte"));
    }

    @Test
    void aServerThatClosesAtOnceIsSuccessYetTheCallTakesTheFallback() throws IOException {
        int port = peer(s -> { });
        SimulatedCallResult r = callTo(port);
        assertThat(r.commands()).isEmpty();
        assertThat(r.afterAgi().agiStatus()).isEqualTo("SUCCESS");
        assertThat(r.afterAgi().path()).isEqualTo(AfterAgi.Path.FALLBACK);
        assertThat(r.tookFallback()).isTrue();
        assertThat(r.afterAgi().voicemails()).hasSize(1);
    }

    /** A server that takes the call: the marker, one prompt, then its own HANGUP. */
    static int serving() throws IOException {
        return peer(s -> {
            try {
                BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
                readHeader(in);
                say(s, in, "SET VARIABLE " + FastAgiListener.SERVED_VARIABLE + " 1");
                say(s, in, "STREAM FILE astreinte/bienvenue \"\"");
                say(s, in, "HANGUP");
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    static int nothingListening() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    static InetSocketAddress local(int port) {
        return new InetSocketAddress("127.0.0.1", port);
    }

    SimulatedCallResult callThrough(int... ports) {
        return simulator.call(CallSpec.builder("127.0.0.1", ports[0]).callerId("+33612345678", "Jeanne").keys("message").build(),
                java.util.Arrays.stream(ports).mapToObj(DialplanAfterAgiTest::local).toList());
    }

    @Test
    void aServerThatMarkedTheCallAndReturnsWithoutHangingUpWasLostSoTheCallerStillLeavesAMessage() throws IOException {
        // Killed mid-call: the socket closes on a live channel that carries the marker.
        int port = peer(s -> {
            try {
                BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
                readHeader(in);
                say(s, in, "SET VARIABLE " + FastAgiListener.SERVED_VARIABLE + " 1");
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
        SimulatedCallResult r = callTo(port);
        assertThat(r.afterAgi().agiStatus()).isEqualTo("SUCCESS");
        assertThat(r.afterAgi().path()).isEqualTo(AfterAgi.Path.FALLBACK);
        assertThat(r.afterAgi().attempts()).singleElement().satisfies(a -> assertThat(a.marked()).isTrue());
        assertThat(r.afterAgi().voicemails()).hasSize(1);
    }

    @Test
    void whenTheFirstServerIsDownTheSecondServesTheCall() throws IOException {
        int down = nothingListening();
        int up = serving();
        SimulatedCallResult r = callThrough(down, up);
        assertThat(r.afterAgi().attempts()).extracting(AfterAgi.Attempt::agiStatus).containsExactly("FAILURE", "HANGUP");
        assertThat(r.afterAgi().path()).isEqualTo(AfterAgi.Path.NOT_REACHED);
        assertThat(r.afterAgi().servedBy()).isEqualTo("127.0.0.1:" + up);
        assertThat(r.prompts()).containsExactly("astreinte/bienvenue");
        assertThat(r.tookFallback()).isFalse();
    }

    @Test
    void aFullFirstServerOrOneLostMidCallPassesTheCallToTheNext() throws IOException {
        int full = peer(s -> { });
        SimulatedCallResult refused = callThrough(full, serving());
        assertThat(refused.afterAgi().attempts()).extracting(AfterAgi.Attempt::agiStatus).containsExactly("SUCCESS", "HANGUP");
        assertThat(refused.afterAgi().servedBy()).isNotNull();

        int lost = peer(s -> {
            try {
                BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
                readHeader(in);
                say(s, in, "SET VARIABLE " + FastAgiListener.SERVED_VARIABLE + " 1");
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
        int second = serving();
        SimulatedCallResult r = callThrough(lost, second);
        assertThat(r.afterAgi().attempts()).extracting(AfterAgi.Attempt::marked).containsExactly(true, true);
        assertThat(r.afterAgi().servedBy()).isEqualTo("127.0.0.1:" + second);
    }

    @Test
    void whenEveryServerIsDownTheFallbackRunsOnce() throws IOException {
        SimulatedCallResult r = callThrough(nothingListening(), nothingListening());
        assertThat(r.afterAgi().attempts()).extracting(AfterAgi.Attempt::agiStatus).containsExactly("FAILURE", "FAILURE");
        assertThat(r.afterAgi().path()).isEqualTo(AfterAgi.Path.FALLBACK);
        assertThat(r.afterAgi().applications())
                .containsExactly("Playback(astreinte/erreur-technique)", "VoiceMail(100@astreinte,s)", "Hangup()");
        assertThat(r.afterAgi().voicemails()).singleElement().satisfies(v -> assertThat(v.mailboxId()).isEqualTo("100@astreinte"));
    }

    @Test
    void aServerThatHangsUpEndsTheCallBeforeTheDialplan() throws IOException {
        int port = peer(s -> {
            try {
                BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
                readHeader(in);
                say(s, in, "HANGUP");
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
        SimulatedCallResult r = callTo(port);
        assertThat(r.afterAgi().agiStatus()).isEqualTo("HANGUP");
        assertThat(r.afterAgi().path()).isEqualTo(AfterAgi.Path.NOT_REACHED);
        assertThat(r.afterAgi().applications()).isEmpty();
    }

    @Test
    void aConnectionNeverAcceptedFailsAfterTwoSeconds() throws IOException {
        // Backlog 1 and no accept(): once the accept queue is full, SYNs go unanswered (case d).
        try (ServerSocket full = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            List<Socket> queued = new ArrayList<>();
            try {
                for (int i = 0; i < 4; i++) {
                    Socket s = new Socket();
                    queued.add(s);
                    try {
                        s.connect(new InetSocketAddress("127.0.0.1", full.getLocalPort()), 300);
                    } catch (IOException timedOut) {
                        break;
                    }
                }
                long t0 = System.nanoTime();
                SimulatedCallResult r = callTo(full.getLocalPort());
                Duration took = Duration.ofNanos(System.nanoTime() - t0);
                assertThat(r.end()).isEqualTo(SimulatedCallResult.End.CONNECT_FAILED);
                assertThat(took).isBetween(Duration.ofMillis(1900), Duration.ofSeconds(4));
                assertThat(r.afterAgi().agiStatus()).isEqualTo("FAILURE");
                assertThat(r.tookFallback()).isTrue();
            } finally {
                for (Socket s : queued) {
                    s.close();
                }
            }
        }
    }

    /** The simulator plays the dialplan the project ships: check that the file still says so. */
    @Test
    void theShippedDialplanTriesEachServerInTurnThenTheFallback() throws IOException {
        Path conf = Path.of("..", "config", "asterisk", "extensions.conf");
        List<String> lines = Files.readAllLines(conf, StandardCharsets.UTF_8);
        int pageContext = lines.indexOf("[" + AsteriskSimulator.ORIGINATED_CONTEXT + "]");
        assertThat(pageContext).as("the context of answered voice pages").isPositive();
        // [astreinte-page] (issue 13): the page id reaches the script in the query string only.
        assertThat(lines.subList(pageContext, lines.size())).contains(
                " same => n,AGI(agi://${CUT(" + InboundDialplan.SERVERS_VARIABLE + ",&,${ASTREINTE_AGI_TRY})}/page?id=${PAGE_ID})");
        List<String> steps = lines.subList(0, pageContext).stream()
                .map(String::trim).filter(l -> l.startsWith("same =>") || l.startsWith("exten =>"))
                .dropWhile(l -> !l.startsWith("same => n,Set(" + InboundDialplan.SERVERS_VARIABLE + "=")).toList();
        assertThat(steps).hasSize(10);
        assertThat(steps.get(0)).isEqualTo("same => n,Set(" + InboundDialplan.SERVERS_VARIABLE + "=127.0.0.1:4573)");
        assertThat(steps.get(1)).isEqualTo("same => n,Set(ASTREINTE_AGI_TRY=0)");
        assertThat(steps.get(2)).isEqualTo("same => n(essai),Set(ASTREINTE_AGI_TRY=$[${ASTREINTE_AGI_TRY} + 1])");
        assertThat(steps.get(3)).isEqualTo("same => n,Set(" + FastAgiListener.SERVED_VARIABLE + "=)");
        assertThat(steps.get(4)).isEqualTo("same => n,AGI(agi://${CUT(" + InboundDialplan.SERVERS_VARIABLE
                + ",&,${ASTREINTE_AGI_TRY})}/support)");
        assertThat(steps.get(5)).startsWith("same => n,NoOp(");
        assertThat(steps.get(6)).isEqualTo("same => n,GotoIf($[${ASTREINTE_AGI_TRY} < ${FIELDQTY("
                + InboundDialplan.SERVERS_VARIABLE + ",&)}]?essai)");
        assertThat(steps.get(7)).isEqualTo("same => n(secours),Playback(" + InboundDialplan.APOLOGY + ")");
        assertThat(steps.get(8)).isEqualTo("same => n,VoiceMail(" + InboundDialplan.FALLBACK_MAILBOX + ")");
        assertThat(steps.get(9)).isEqualTo("same => n,Hangup()");
    }
}

package com.serveurcom.astreinte.simulator;

import com.serveurcom.astreinte.agi.FastAgiListener;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Plays Asterisk 22 for FastAGI calls: connects to an AGI server like
 * {@code AGI(agi://host:port/script?query,args...)} on a Local channel, sends the 22-line header
 * block, then answers each command the way asterisk-wire.md recorded, driven by the call's
 * {@link ScriptedCaller}. Plain blocking sockets, one thread per call while it runs: a call is
 * mostly waiting, and a thread per call keeps the code as simple as the protocol. Thread-safe:
 * many calls can run at once from an executor.
 */
public final class AsteriskSimulator {

    /** res_agi's MAX_AGI_CONNECT: a connection not accepted within 2 s is AGISTATUS=FAILURE. */
    static final int MAX_AGI_CONNECT_MILLIS = 2000;

    private final SimulatorSettings settings;
    private final SimulatedVoicemailSpool spool;
    /** Local channel sequence, {@code -00000000} onwards like Asterisk's. */
    private final AtomicLong channelSeq = new AtomicLong();
    private final long bootEpoch = Instant.now().getEpochSecond();
    /**
     * Asterisk's unique ids are {@code systemname-boot.seq}: unique per PBX. Each simulator is a
     * PBX of its own, so its system name carries a random part, or two simulated calls started in
     * the same second by two processes would share an id.
     */
    private final String systemName = String.format(Locale.ROOT, "astreinte-sim-%04x",
        java.util.concurrent.ThreadLocalRandom.current().nextInt(0x10000));

    public AsteriskSimulator(SimulatorSettings settings) {
        this(settings, java.time.Clock.systemUTC());
    }

    /**
     * @param clock the PBX's clock, which dates the voicemail it records; a dry run "as if at" an
     *     instant runs an Asterisk whose clock reads that instant
     */
    public AsteriskSimulator(SimulatorSettings settings, java.time.Clock clock) {
        this.settings = settings;
        this.spool = new SimulatedVoicemailSpool(settings.spoolDir(), settings.writeVoicemailFiles(), clock);
    }

    /** The context the shipped dialplan runs an answered voice page in. */
    public static final String ORIGINATED_CONTEXT = "astreinte-page";

    public SimulatorSettings settings() {
        return settings;
    }

    /** Runs one call on the given executor. */
    public CompletableFuture<SimulatedCallResult> callAsync(CallSpec spec, Executor executor) {
        return CompletableFuture.supplyAsync(() -> call(spec), executor);
    }

    /** Runs one call on the calling thread until the server closes or the idle limit passes. */
    public SimulatedCallResult call(CallSpec spec) {
        return call(spec, List.of(new InetSocketAddress(spec.host(), spec.port())));
    }

    /**
     * Runs one call through the shipped dialplan with several FastAGI servers in its
     * {@code ASTREINTE_AGI_SERVERS}, tried in this order on the same channel (the caller's keys go
     * on from where the previous server left them), as {@link InboundDialplan} says.
     */
    public SimulatedCallResult call(CallSpec spec, List<InetSocketAddress> servers) {
        if (servers.isEmpty()) {
            throw new IllegalArgumentException("the dialplan needs at least one FastAGI server");
        }
        long seq = channelSeq.getAndIncrement();
        // An inbound call runs its AGI on the ;2 half of the Local channel; a page originated into
        // [astreinte-page] runs it on ;1 (asterisk-wire-originate.md section 1).
        String half = ORIGINATED_CONTEXT.equals(spec.context()) ? ";1" : ";2";
        String channel = String.format(Locale.ROOT, "Local/%s@%s-%08x%s", spec.extension(), spec.context(), seq, half);
        String uniqueId = systemName + "-" + bootEpoch + "." + (2 * seq + 1);
        ScriptedCaller caller = new ScriptedCaller(spec.keys(), spec.whenKeysExhausted());
        ChannelEmulator emulator = new ChannelEmulator(settings, spec, caller, spool, channel, uniqueId);
        List<TranscriptLine> transcript = new ArrayList<>();
        List<String> commands = new ArrayList<>();
        List<AfterAgi.Attempt> attempts = new ArrayList<>();
        Leg leg = null;
        String status = null;
        for (int i = 0; i < servers.size(); i++) {
            InetSocketAddress server = servers.get(i);
            String hostPort = server.getHostString() + ":" + server.getPort();
            if (i > 0) {
                note(transcript, "dialplan: AGI(agi://" + hostPort + "/" + spec.script() + "), server " + (i + 1)
                        + " of " + servers.size());
            }
            emulator.dialplanUnset(FastAgiListener.SERVED_VARIABLE);
            leg = agi(spec.at(server.getHostString(), server.getPort()), seq, channel, uniqueId, emulator, transcript,
                    commands);
            status = agiStatus(leg.end(), emulator.dead());
            attempts.add(new AfterAgi.Attempt(hostPort, status,
                    "1".equals(emulator.variables().get(FastAgiListener.SERVED_VARIABLE))));
            if (!InboundDialplan.triesNext(status, emulator, i + 1, servers.size())) {
                break;
            }
        }
        return result(channel, transcript, commands, emulator, caller, leg, status, attempts);
    }

    /** How one AGI() ended. */
    private record Leg(SimulatedCallResult.End end, Duration closeDelay, String error) {
    }

    /** One AGI() on the call's channel: connect, header, then commands until the server closes. */
    private Leg agi(CallSpec spec, long seq, String channel, String uniqueId, ChannelEmulator emulator,
                    List<TranscriptLine> transcript, List<String> commands) {
        SimulatedCallResult.End end;
        String error = null;
        Duration closeDelay = null;
        long lastAnswerNanos = System.nanoTime();

        try (Socket socket = new Socket()) {
            int idleMs = (int) Math.min(Integer.MAX_VALUE, Math.max(1, settings.idleLimit().toMillis()));
            try {
                socket.connect(new InetSocketAddress(spec.host(), spec.port()), MAX_AGI_CONNECT_MILLIS);
            } catch (IOException e) {
                note(transcript, "connexion à " + spec.host() + ":" + spec.port() + " impossible : " + e.getMessage());
                return new Leg(SimulatedCallResult.End.CONNECT_FAILED, null, e.toString());
            }
            socket.setSoTimeout(idleMs);
            socket.setTcpNoDelay(true);
            OutputStream out = socket.getOutputStream();
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8), 1024);

            send(out, transcript, AgiHeader.lines(spec, channel, uniqueId, 140_000_000_000_000L + seq));
            lastAnswerNanos = System.nanoTime();
            while (true) {
                String line;
                try {
                    line = in.readLine();
                } catch (SocketTimeoutException e) {
                    note(transcript, "ni commande ni fermeture du serveur en " + settings.idleLimit().toMillis()
                            + " ms ; le simulateur ferme (appel laissé ouvert)");
                    end = SimulatedCallResult.End.IDLE_TIMEOUT;
                    break;
                }
                // Taken before anything else so the figure holds only the server's time (and the wire's).
                long commandReadNanos = System.nanoTime();
                if (line == null) {
                    closeDelay = Duration.ofNanos(System.nanoTime() - lastAnswerNanos);
                    note(transcript, "le serveur a fermé la connexion");
                    end = SimulatedCallResult.End.SERVER_CLOSED;
                    break;
                }
                settings.thinkTimes().record(line, commandReadNanos - lastAnswerNanos);
                transcript.add(new TranscriptLine(Instant.now(), TranscriptLine.Direction.FROM_SERVER, line));
                commands.add(line);
                ChannelEmulator.Reply reply = emulator.handle(AgiCommand.parse(line));
                if (reply.media() && !settings.mediaDelay().isZero()) {
                    Thread.sleep(settings.mediaDelay().toMillis());
                }
                send(out, transcript, reply.lines());
                lastAnswerNanos = System.nanoTime();
            }
        } catch (IOException e) {
            note(transcript, "erreur d'entrée-sortie : " + e);
            end = SimulatedCallResult.End.IO_ERROR;
            error = e.toString();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            end = SimulatedCallResult.End.IO_ERROR;
            error = "interrupted";
        }
        return new Leg(end, closeDelay, error);
    }

    private static SimulatedCallResult result(String channel, List<TranscriptLine> transcript, List<String> commands,
                                     ChannelEmulator emu, ScriptedCaller caller, Leg last, String agiStatus,
                                     List<AfterAgi.Attempt> attempts) {
        // The AGI part first: the dialplan after AGI() runs on the same emulated channel.
        boolean hungUpDuringAgi = emu.dead();
        List<String> prompts = List.copyOf(emu.prompts());
        List<VoicemailDeposit> voicemails = List.copyOf(emu.voicemails());
        java.util.Map<String, String> variables = emu.variables();
        int keysConsumed = caller.consumed();
        boolean keysExhausted = caller.exhausted();
        AfterAgi afterAgi = InboundDialplan.afterAgi(agiStatus, emu, transcript, attempts);
        return new SimulatedCallResult(channel, transcript, commands, prompts, emu.digitsSaid(), emu.serverSets(),
                variables, voicemails, emu.ajAgiStatus(), last.end(), last.closeDelay(), hungUpDuringAgi,
                keysConsumed, caller.total(), keysExhausted, last.error(), afterAgi);
    }

    /**
     * AGISTATUS as asterisk-wire-originate.md section 7 recorded it. A reset is taken as a close:
     * case (a) there, a server that closes without reading the header Asterisk has already sent,
     * is what makes a reset, and Asterisk reported SUCCESS.
     */
    private static String agiStatus(SimulatedCallResult.End end, boolean hungUp) {
        return switch (end) {
            case CONNECT_FAILED -> "FAILURE";
            case IDLE_TIMEOUT -> null;
            case SERVER_CLOSED, IO_ERROR -> hungUp ? "HANGUP" : "SUCCESS";
        };
    }

    /** Writes lines ended by a single LF, as Asterisk does, in one write. */
    private static void send(OutputStream out, List<TranscriptLine> transcript, List<String> lines) throws IOException {
        StringBuilder sb = new StringBuilder(64 * lines.size());
        Instant now = Instant.now();
        for (String l : lines) {
            sb.append(l).append('\n');
            transcript.add(new TranscriptLine(now, TranscriptLine.Direction.FROM_ASTERISK, l));
        }
        out.write(sb.toString().getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    private static void note(List<TranscriptLine> transcript, String text) {
        transcript.add(new TranscriptLine(Instant.now(), TranscriptLine.Direction.NOTE, text));
    }
}

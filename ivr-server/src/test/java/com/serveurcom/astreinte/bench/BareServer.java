package com.serveurcom.astreinte.bench;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.asteriskjava.fastagi.AgiChannel;
import org.asteriskjava.fastagi.AgiException;
import org.asteriskjava.fastagi.AgiRequest;
import org.asteriskjava.fastagi.AgiScript;
import org.asteriskjava.fastagi.DefaultAgiServer;
import org.asteriskjava.fastagi.SimpleMappingStrategy;
import org.asteriskjava.fastagi.command.AbstractAgiCommand;
import org.asteriskjava.fastagi.reply.AgiReply;

/** asterisk-java with a script that only replays the recorded lines, choosing by the digits keyed. */
final class BareServer implements AutoCloseable {
    private final DefaultAgiServer server;
    private final int port;

    private BareServer(DefaultAgiServer server, int port) {
        this.server = server;
        this.port = port;
    }

    int port() {
        return port;
    }

    /**
     * What the bare script needs, written by the driver and read by the server's own JVM: the lines,
     * the number that gets the refusal, and the tickets that already have a request (the one fact
     * that changes the lines: the closing prompt).
     */
    record Script(Templates templates, String refusalNumber, Set<String> registered) {
        Script {
            registered = Set.copyOf(registered);
        }

        /** One {@code key value} line each: AGI command lines never hold a line break. */
        void write(Path file) throws IOException {
            List<String> lines = new ArrayList<>();
            lines.add("refusal " + refusalNumber);
            registered.forEach(n -> lines.add("registered " + n));
            templates.prefix.forEach(l -> lines.add("prefix " + l));
            templates.firstTail.forEach(l -> lines.add("first " + l));
            templates.addedTail.forEach(l -> lines.add("added " + l));
            templates.refusalTail.forEach(l -> lines.add("refused " + l));
            Files.write(file, lines, StandardCharsets.UTF_8);
        }

        static Script read(Path file) throws IOException {
            Map<String, List<String>> byKey = new LinkedHashMap<>();
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                int space = line.indexOf(' ');
                if (space < 0) {
                    throw new IOException(file + ": not a 'key value' line: " + line);
                }
                byKey.computeIfAbsent(line.substring(0, space), k -> new ArrayList<>()).add(line.substring(space + 1));
            }
            List<String> refusal = byKey.getOrDefault("refusal", List.of());
            if (refusal.size() != 1) {
                throw new IOException(file + ": needs exactly one 'refusal' line");
            }
            return new Script(new Templates(byKey.getOrDefault("prefix", List.of()), byKey.getOrDefault("first", List.of()),
                    byKey.getOrDefault("added", List.of()), byKey.getOrDefault("refused", List.of())),
                    refusal.get(0), new LinkedHashSet<>(byKey.getOrDefault("registered", List.of())));
        }
    }

    static BareServer start(Script script) throws Exception {
        Templates templates = script.templates();
        // A set lookup stands for our database: registered once, later calls add a message.
        Set<String> withRequest = ConcurrentHashMap.newKeySet();
        withRequest.addAll(script.registered());
        AgiScript agi = new AgiScript() {
            @Override
            public void service(AgiRequest request, AgiChannel channel) {
                AgiReply last = null;
                for (String line : templates.prefix) {
                    last = send(channel, line);
                }
                String digits = last == null ? null : last.getResult();
                if (digits == null) {
                    return;
                }
                List<String> tail = digits.equals(script.refusalNumber()) ? templates.refusalTail
                        : withRequest.add(digits) ? templates.firstTail : templates.addedTail;
                for (String line : tail) {
                    send(channel, line.replace(Templates.NUMBER, digits));
                }
            }
        };
        int port = freePort();
        SimpleMappingStrategy strategy = new SimpleMappingStrategy();
        strategy.setMappings(new HashMap<>(Map.of("support", agi)));
        DefaultAgiServer server = new DefaultAgiServer(strategy);
        server.setAddress(InetAddress.getLoopbackAddress());
        server.setPort(port);
        // Same pool as ours (FastAgiListener: 10 core threads, ServerSettings.agiMaxCalls max).
        server.setPoolSize(10);
        server.setMaximumPoolSize(3000);
        Thread t = new Thread(() -> {
            try {
                server.startup();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }, "bare-agi-accept");
        t.setDaemon(true);
        t.start();
        for (int i = 0; i < 100; i++) {
            try {
                new Socket(InetAddress.getLoopbackAddress(), port).close();
                break;
            } catch (IOException notYet) {
                Thread.sleep(50);
            }
        }
        return new BareServer(server, port);
    }

    @Override
    public void close() {
        server.shutdown();
    }

    private static AgiReply send(AgiChannel channel, String line) {
        try {
            return channel.sendCommand(new RawCommand(line));
        } catch (AgiException e) {
            // Past HANGUP asterisk-java reports the unsolicited HANGUP line; like ours, go on.
            return null;
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /** A command line sent as is. */
    static final class RawCommand extends AbstractAgiCommand {
        private static final long serialVersionUID = 1L;
        private final String line;

        RawCommand(String line) {
            this.line = line;
        }

        @Override
        public String buildCommand() {
            return line;
        }
    }
}

package com.serveurcom.astreinte.simulator;

import java.io.BufferedReader;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * An Asterisk 22 manager interface (AMI) on a loopback TCP port, speaking the wire protocol
 * (CRLF lines, packets ended by an empty line) well enough for asterisk-java's
 * {@code ManagerConnection}: banner, Challenge/Login (MD5 and plain), Logoff, Ping, CoreSettings
 * and {@code Command core show version} (so version detection succeeds at the first try),
 * QueueSummary, QueueStatus, MailboxCount, MailboxStatus and Originate. Tests can push events,
 * drop every connection (reconnect) and make the server go silent (half-open detection).
 * Replies and list events follow asterisk-wire.md; the banner version (AMI 11.0.0) was not
 * recorded and asterisk-java accepts any {@code Asterisk Call Manager/} banner.
 */
public final class FakeAmiServer implements Closeable {

    public static final String BANNER = "Asterisk Call Manager/11.0.0";
    public static final String ASTERISK_VERSION = "22.10.1";
    private static final String SYSTEM_NAME = "astreinte-fake-pbx";

    private final String username;
    private final String secret;
    private final ServerSocket serverSocket;
    private final Set<Session> sessions = ConcurrentHashMap.newKeySet();
    private final Map<String, AmiQueue> queues = new ConcurrentHashMap<>();
    private final Map<String, int[]> mailboxes = new ConcurrentHashMap<>(); // mailbox -> {new, old}
    private final List<Map<String, String>> actions = new CopyOnWriteArrayList<>();
    private final AtomicInteger logins = new AtomicInteger();
    private final AtomicLong originateSeq = new AtomicLong();
    private volatile boolean silent;
    private volatile Consumer<Map<String, String>> originateListener = a -> { };
    private final Thread acceptor;

    /** Binds 127.0.0.1 on an ephemeral port and starts accepting. */
    public FakeAmiServer(String username, String secret) throws IOException {
        this.username = username;
        this.secret = secret;
        this.serverSocket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        this.acceptor = new Thread(this::acceptLoop, "fake-ami-accept-" + serverSocket.getLocalPort());
        acceptor.setDaemon(true);
        acceptor.start();
    }

    public int port() {
        return serverSocket.getLocalPort();
    }

    public String host() {
        return serverSocket.getInetAddress().getHostAddress();
    }

    // --- configuration -------------------------------------------------------------------------

    public void setQueue(AmiQueue queue) {
        queues.put(queue.name(), queue);
    }

    public void setMailbox(String mailbox, int newMessages, int oldMessages) {
        mailboxes.put(mailbox, new int[] {newMessages, oldMessages});
    }

    /** Called with every Originate action (after the Success response is queued). */
    public void onOriginate(Consumer<Map<String, String>> listener) {
        this.originateListener = listener;
    }

    // --- test controls -------------------------------------------------------------------------

    /** Sends an event to every logged-in session that asked for events. */
    public void pushEvent(String event, Map<String, String> headers) {
        Map<String, String> packet = new LinkedHashMap<>();
        packet.put("Event", event);
        packet.putAll(headers);
        for (Session s : sessions) {
            if (s.loggedIn && s.events) {
                s.send(packet);
            }
        }
    }

    /** MessageWaiting as app_voicemail sends it after a message is saved; also updates MailboxCount. */
    public void pushMessageWaiting(String mailbox, int waiting, int newMessages, int oldMessages) {
        setMailbox(mailbox, newMessages, oldMessages);
        Map<String, String> h = new LinkedHashMap<>();
        h.put("Privilege", "call,all");
        h.put("Timestamp", timestamp());
        h.put("SystemName", SYSTEM_NAME);
        h.put("Mailbox", mailbox);
        h.put("Waiting", Integer.toString(waiting));
        h.put("New", Integer.toString(newMessages));
        h.put("Old", Integer.toString(oldMessages));
        pushEvent("MessageWaiting", h);
    }

    /**
     * A voicemail listener for {@link SimulatorSettings#withVoicemailListener}: each message the
     * simulated VoiceMail saves raises MessageWaiting here, as app_voicemail does on the real PBX.
     */
    public Consumer<VoicemailDeposit> messageWaitingOnDeposit() {
        return d -> pushMessageWaiting(d.mailboxId(), 1, d.newMessages(), 0);
    }

    /** Closes every client connection at once, as a PBX restart would; the port stays open. */
    public void dropAllConnections() {
        for (Session s : sessions) {
            s.close();
        }
    }

    /**
     * Silent: the server keeps connections open and reads them but answers nothing, and new
     * connections get no banner: a half-open link as seen from the client.
     */
    public void setSilent(boolean silent) {
        this.silent = silent;
    }

    /** Every action received, in order, as header maps with keys as sent (asterisk-java sends them lower-case). */
    public List<Map<String, String>> actions() {
        return List.copyOf(actions);
    }

    public int loginCount() {
        return logins.get();
    }

    public int connectionCount() {
        return sessions.size();
    }

    @Override
    public void close() throws IOException {
        serverSocket.close();
        dropAllConnections();
    }

    // --- server ----------------------------------------------------------------------------------

    private void acceptLoop() {
        while (!serverSocket.isClosed()) {
            try {
                Socket socket = serverSocket.accept();
                Session session = new Session(socket);
                sessions.add(session);
                Thread t = new Thread(session::run, "fake-ami-session-" + socket.getPort());
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    private static String timestamp() {
        long micros = System.currentTimeMillis() * 1000 + ThreadLocalRandom.current().nextInt(1000);
        return String.format(Locale.ROOT, "%d.%06d", micros / 1_000_000, micros % 1_000_000);
    }

    /** One manager connection: reads packets, answers them, and carries events. */
    private final class Session {
        private final Socket socket;
        private OutputStream out;
        private volatile boolean loggedIn;
        private volatile boolean events = true;
        private String challenge;

        Session(Socket socket) {
            this.socket = socket;
        }

        void run() {
            try (socket) {
                out = socket.getOutputStream();
                if (!silent) {
                    write(BANNER + "\r\n");
                }
                BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
                Map<String, String> packet = new LinkedHashMap<>();
                String line;
                while ((line = in.readLine()) != null) {
                    if (!line.isEmpty()) {
                        int colon = line.indexOf(':');
                        if (colon > 0) {
                            packet.put(line.substring(0, colon).strip(), line.substring(colon + 1).strip());
                        }
                        continue;
                    }
                    if (packet.isEmpty()) {
                        continue;
                    }
                    Map<String, String> action = packet;
                    packet = new LinkedHashMap<>();
                    actions.add(action);
                    if (!silent && !handle(action)) {
                        return;
                    }
                }
            } catch (IOException e) {
                // the peer went away or dropAllConnections() closed the socket
            } finally {
                sessions.remove(this);
            }
        }

        /** Answers one action; false ends the session. */
        private boolean handle(Map<String, String> a) {
            String name = get(a, "Action").toLowerCase(Locale.ROOT);
            String actionId = get(a, "ActionID").isEmpty() ? null : get(a, "ActionID"); // asterisk-java sends lower-case keys
            if (!loggedIn && !name.equals("login") && !name.equals("challenge")) {
                send(response("Error", actionId, "Message", "Permission denied"));
                return true;
            }
            switch (name) {
                case "challenge":
                    challenge = Integer.toString(100_000_000 + ThreadLocalRandom.current().nextInt(900_000_000));
                    send(response("Success", actionId, "Challenge", challenge));
                    return true;
                case "login":
                    return login(a, actionId);
                case "logoff":
                    send(response("Goodbye", actionId, "Message", "Thanks for all the fish."));
                    return false;
                case "ping":
                    send(response("Success", actionId, "Ping", "Pong", "Timestamp", timestamp()));
                    return true;
                case "coresettings":
                    send(response("Success", actionId, "AMIversion", "11.0.0", "AsteriskVersion", ASTERISK_VERSION,
                            "SystemName", SYSTEM_NAME, "CoreMaxCalls", "0", "CoreMaxLoadAvg", "0.000000",
                            "CoreRunUser", "asterisk", "CoreRunGroup", "asterisk", "CoreMaxFilehandles", "0",
                            "CoreRealTimeEnabled", "No", "CoreCDRenabled", "Yes", "CoreHTTPenabled", "No",
                            "SoundsSearchCustomDir", "No"));
                    return true;
                case "command":
                    command(get(a, "Command"), actionId);
                    return true;
                case "queuesummary":
                    queueSummary(get(a, "Queue"), actionId);
                    return true;
                case "queuestatus":
                    queueStatus(get(a, "Queue"), actionId);
                    return true;
                case "mailboxcount": {
                    int[] c = mailboxes.getOrDefault(get(a, "Mailbox"), new int[2]);
                    send(response("Success", actionId, "Message", "Mailbox Message Count", "Mailbox", get(a, "Mailbox"),
                            "UrgMessages", "0", "NewMessages", Integer.toString(c[0]), "OldMessages", Integer.toString(c[1])));
                    return true;
                }
                case "mailboxstatus": {
                    int[] c = mailboxes.getOrDefault(get(a, "Mailbox"), new int[2]);
                    send(response("Success", actionId, "Message", "Mailbox Status", "Mailbox", get(a, "Mailbox"),
                            "Waiting", c[0] > 0 ? "1" : "0"));
                    return true;
                }
                case "originate":
                    originate(a, actionId);
                    return true;
                default:
                    send(response("Error", actionId, "Message", "Invalid/unknown command"));
                    return true;
            }
        }

        private boolean login(Map<String, String> a, String actionId) {
            boolean ok = username.equals(get(a, "Username"));
            if (ok && "MD5".equalsIgnoreCase(get(a, "AuthType"))) {
                ok = challenge != null && md5Hex(challenge + secret).equalsIgnoreCase(get(a, "Key"));
            } else if (ok) {
                ok = secret.equals(get(a, "Secret"));
            }
            if (!ok) {
                send(response("Error", actionId, "Message", "Authentication failed"));
                return false; // Asterisk closes the connection after a failed login
            }
            events = !"off".equalsIgnoreCase(get(a, "Events"));
            loggedIn = true;
            logins.incrementAndGet();
            send(response("Success", actionId, "Message", "Authentication accepted"));
            if (events) {
                Map<String, String> booted = new LinkedHashMap<>();
                booted.put("Event", "FullyBooted");
                booted.put("Privilege", "system,all");
                booted.put("Uptime", "3600");
                booted.put("LastReload", "3600");
                booted.put("Status", "Fully Booted");
                send(booted);
            }
            return true;
        }

        private void command(String command, String actionId) {
            if (command.strip().equalsIgnoreCase("core show version")) {
                send(response("Success", actionId, "Message", "Command output follows",
                        "Output", "Asterisk " + ASTERISK_VERSION + " built by root @ fake on a x86_64 running Linux"));
            } else {
                send(response("Error", actionId, "Message", "Command output follows",
                        "Output", "No such command '" + command + "' (type 'core show help " + command + "' for other possible commands)"));
            }
        }

        private void queueSummary(String only, String actionId) {
            send(response("Success", actionId, "EventList", "start", "Message", "Queue summary will follow"));
            int items = 0;
            for (AmiQueue q : selected(only)) {
                send(event("QueueSummary", actionId, "Queue", q.name(), "LoggedIn", i(q.loggedIn()),
                        "Available", i(q.available()), "Callers", i(q.callers()), "HoldTime", "0", "TalkTime", "0",
                        "LongestHoldTime", "0"));
                items++;
            }
            send(complete("QueueSummaryComplete", actionId, items));
        }

        private void queueStatus(String only, String actionId) {
            send(response("Success", actionId, "EventList", "start", "Message", "Queue status will follow"));
            int items = 0;
            for (AmiQueue q : selected(only)) {
                send(event("QueueParams", actionId, "Queue", q.name(), "Max", "0", "Strategy", q.strategy(),
                        "Calls", i(q.callers()), "Holdtime", "0", "TalkTime", "0", "Completed", "0",
                        "Abandoned", i(q.abandoned()), "ServiceLevel", "0", "ServicelevelPerf", "0.0",
                        "ServicelevelPerf2", "0.0", "Weight", "0"));
                items++;
                for (int m = 0; m < q.loggedIn(); m++) {
                    boolean ready = m < q.available();
                    String location = "Local/" + (201 + m) + "@agents";
                    send(event("QueueMember", actionId, "Queue", q.name(), "MemberName", "Agent " + (201 + m),
                            "Location", location, "StateInterface", location, "Membership", "dynamic", "Penalty", "0",
                            "CallsTaken", "0", "LastCall", "0", "LastPause", "0", "LoginTime", "0", "InCall", "0",
                            "Status", "1", "Paused", ready ? "0" : "1", "PausedReason", "", "Wrapuptime", "0"));
                    items++;
                }
                for (int c = 0; c < q.callers(); c++) {
                    send(event("QueueEntry", actionId, "Queue", q.name(), "Position", i(c + 1),
                            "Channel", "Local/0272646172@astreinte-inbound-" + String.format(Locale.ROOT, "%08x", c) + ";2",
                            "Uniqueid", "fake-" + c, "CallerIDNum", "unknown", "CallerIDName", "unknown",
                            "ConnectedLineNum", "unknown", "ConnectedLineName", "unknown", "Wait", "0", "Priority", "0"));
                    items++;
                }
            }
            send(complete("QueueStatusComplete", actionId, items));
        }

        private List<AmiQueue> selected(String only) {
            List<AmiQueue> out = new ArrayList<>();
            for (AmiQueue q : queues.values()) {
                if (only == null || only.isEmpty() || only.equals(q.name())) {
                    out.add(q);
                }
            }
            return out;
        }

        private void originate(Map<String, String> a, String actionId) {
            send(response("Success", actionId, "Message", "Originate successfully queued"));
            long seq = originateSeq.getAndIncrement();
            Map<String, String> ev = new LinkedHashMap<>();
            ev.put("Event", "OriginateResponse");
            ev.put("Privilege", "call,all");
            if (actionId != null) {
                ev.put("ActionID", actionId);
            }
            ev.put("Response", "Success");
            // Asterisk names the caller leg of a Local channel <dest>-<seq>;1
            ev.put("Channel", get(a, "Channel") + String.format(Locale.ROOT, "-%08x;1", seq));
            ev.put("Context", get(a, "Context"));
            ev.put("Exten", get(a, "Exten"));
            ev.put("Application", get(a, "Application"));
            ev.put("Data", get(a, "Data"));
            ev.put("Reason", "4");
            ev.put("Uniqueid", SYSTEM_NAME + "-" + seq);
            ev.put("CallerIDNum", "<unknown>");
            ev.put("CallerIDName", "<unknown>");
            if ("true".equalsIgnoreCase(get(a, "Async"))) {
                send(ev);
            }
            originateListener.accept(a);
        }

        // --- wire -----------------------------------------------------------------------------

        private Map<String, String> response(String status, String actionId, String... kv) {
            Map<String, String> p = new LinkedHashMap<>();
            p.put("Response", status);
            if (actionId != null) {
                p.put("ActionID", actionId);
            }
            for (int k = 0; k < kv.length; k += 2) {
                p.put(kv[k], kv[k + 1]);
            }
            return p;
        }

        /** A list event: no Privilege/Timestamp/SystemName, ActionID last (asterisk-wire.md). */
        private Map<String, String> event(String name, String actionId, String... kv) {
            Map<String, String> p = new LinkedHashMap<>();
            p.put("Event", name);
            for (int k = 0; k < kv.length; k += 2) {
                p.put(kv[k], kv[k + 1]);
            }
            if (actionId != null) {
                p.put("ActionID", actionId);
            }
            return p;
        }

        private Map<String, String> complete(String name, String actionId, int items) {
            Map<String, String> p = new LinkedHashMap<>();
            p.put("Event", name);
            if (actionId != null) {
                p.put("ActionID", actionId);
            }
            p.put("EventList", "Complete");
            p.put("ListItems", i(items));
            return p;
        }

        void send(Map<String, String> packet) {
            if (silent) {
                return;
            }
            StringBuilder sb = new StringBuilder(256);
            packet.forEach((k, v) -> sb.append(k).append(": ").append(v).append("\r\n"));
            sb.append("\r\n");
            try {
                write(sb.toString());
            } catch (IOException e) {
                close();
            }
        }

        private void write(String text) throws IOException {
            synchronized (this) {
                out.write(text.getBytes(StandardCharsets.UTF_8));
                out.flush();
            }
        }

        void close() {
            try {
                socket.close();
            } catch (IOException e) {
                // already closed
            }
        }
    }

    private static String get(Map<String, String> a, String key) {
        for (Map.Entry<String, String> e : a.entrySet()) {
            if (e.getKey().equalsIgnoreCase(key)) {
                return e.getValue();
            }
        }
        return "";
    }

    private static String i(int v) {
        return Integer.toString(v);
    }

    static String md5Hex(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

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
 *
 * <p>Test code first, it is also the demo's PBX ({@link DemoPbx}): with {@link Phone#PERSON} an
 * originated call rings until a person picks it up ({@link #pickUp}) with the keys they choose, or
 * until the Originate's {@code Timeout}, as a real phone would.
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
    private volatile Set<String> writeClasses = Set.of("originate", "reporting");
    private volatile java.util.function.Function<Map<String, String>, Phone> phones = a -> Phone.ANSWER;
    private volatile Consumer<Answered> answered = call -> { };
    private volatile long noAnswerAfterMillis = Long.MAX_VALUE;
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

    /** What the phone an Originate calls does (asterisk-wire-originate.md sections 2 and 3). */
    public enum Phone {
        /** Rings, answers: the originated channel runs its context (the {@code page} AGI). */
        ANSWER,
        /** Rings until the Originate's {@code Timeout}: Failure, Reason 3, causes 19. */
        NO_ANSWER,
        /** Failure, Reason 5; cause 17 on the phone's half, 0 on ours. */
        BUSY,
        /** Failure, Reason 8; cause 34 on the phone's half. */
        CONGESTION,
        /** Rings, then the person refuses: Failure, Reason 0, cause 21. */
        REJECT,
        /** Failure, Reason 0, causes 0, no DialBegin. */
        NO_SUCH_EXTENSION,
        /** No channel at all ({@code Foo/bar}, a PJSIP trunk that does not exist): Failure, Reason 0 only. */
        UNKNOWN_TECHNOLOGY,
        /**
         * Rings until a person picks it up ({@link #pickUp}): then answered as {@link #ANSWER}, with the
         * keys they chose; nobody within the Originate's {@code Timeout}: as {@link #NO_ANSWER}.
         */
        PERSON
    }

    /**
     * A {@link Phone#PERSON} call ringing now.
     *
     * @param uniqueId the originated channel's {@code Uniqueid} (the Originate's {@code ChannelId})
     * @param dialed the {@code Channel} of the Originate (the dial string: technology, number, trunk)
     * @param variables the Originate's {@code Variable} headers ({@code PAGE_ID})
     * @param since when it started ringing
     */
    public record Ringing(String uniqueId, String dialed, Map<String, String> variables, java.time.Instant since) { }

    /** Ringing {@link Phone#PERSON} calls, oldest first, each with the keys its person will press. */
    private final java.util.concurrent.LinkedBlockingDeque<PendingPickUp> ringing =
            new java.util.concurrent.LinkedBlockingDeque<>();

    private record PendingPickUp(Ringing call, java.util.concurrent.CompletableFuture<String> keys) { }

    /** The {@link Phone#PERSON} calls ringing now, oldest first. */
    public List<Ringing> ringing() {
        return ringing.stream().map(PendingPickUp::call).toList();
    }

    /**
     * Picks up the oldest {@link Phone#PERSON} call ringing, waiting at most {@code wait} for one: the
     * Originate is then answered and the {@link #onAnswered} listener gets the keys.
     *
     * @param keys what the person presses, in {@link CallSpec} form ({@code 5,1})
     * @return the call picked up, empty when none rang within {@code wait}
     */
    public java.util.Optional<Ringing> pickUp(String keys, java.time.Duration wait) throws InterruptedException {
        long deadline = System.nanoTime() + wait.toNanos();
        while (true) {
            PendingPickUp p = ringing.poll(Math.max(0, deadline - System.nanoTime()),
                    java.util.concurrent.TimeUnit.NANOSECONDS);
            if (p == null) {
                return java.util.Optional.empty();
            }
            if (p.keys().complete(keys)) {
                return java.util.Optional.of(p.call());
            }
            // rang out meanwhile: the next one
        }
    }

    /**
     * An answered Originate: the originated channel ({@code ;1}) and its {@code Uniqueid} (the
     * {@code ChannelId} given), the {@code Variable} headers, and the caller ID split as
     * {@code agi_callerid}/{@code agi_calleridname} show it.
     */
    public record Answered(String channel, String uniqueId, Map<String, String> variables, String callerIdNumber,
                           String callerIdName, String keys) {
        /** An answer without chosen keys (every phone but {@link Phone#PERSON}). */
        public Answered(String channel, String uniqueId, Map<String, String> variables, String callerIdNumber,
                        String callerIdName) {
            this(channel, uniqueId, variables, callerIdNumber, callerIdName, null);
        }
    }

    /** The AMI user's write classes (manager.conf {@code write =}); without {@code originate}, Originate is denied. */
    public void setWriteClasses(Set<String> classes) {
        this.writeClasses = Set.copyOf(classes);
    }

    /** Decides, per Originate (its headers), what the called phone does. */
    public void setPhones(java.util.function.Function<Map<String, String>, Phone> phones) {
        this.phones = phones;
    }

    /** Runs the answered call (its dialplan context) on a thread of its own; the Hangups follow its end. */
    public void onAnswered(Consumer<Answered> answered) {
        this.answered = answered;
    }

    /** Ends a no-answer this long after the Originate instead of its full {@code Timeout} (tests). */
    public void setNoAnswerAfter(java.time.Duration d) {
        this.noAnswerAfterMillis = d.toMillis();
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

        /**
         * Originate as asterisk-wire-originate.md recorded it: {@code Permission denied} without the
         * {@code originate} write class (section 8); else {@code Success / Originate successfully queued}
         * at once, then what the phone does (sections 2 and 3), on a thread of its own so the session
         * keeps answering.
         */
        private void originate(Map<String, String> a, String actionId) {
            if (!writeClasses.contains("originate")) {
                send(response("Error", actionId, "Message", "Permission denied"));
                return;
            }
            send(response("Success", actionId, "Message", "Originate successfully queued"));
            long seq = originateSeq.getAndIncrement();
            Phone phone = phones.apply(a);
            if (phone == null) {
                // The historic default of this fake: answered at once.
                phone = Phone.ANSWER;
            }
            Phone behaviour = phone;
            Thread t = new Thread(() -> placeCall(a, actionId, seq, behaviour), "fake-ami-originate-" + seq);
            t.setDaemon(true);
            t.start();
            originateListener.accept(a);
        }

        private void placeCall(Map<String, String> a, String actionId, long seq, Phone phone) {
            String dial = get(a, "Channel");
            String half1 = dial + String.format(Locale.ROOT, "-%08x;1", seq);
            String half2 = dial + String.format(Locale.ROOT, "-%08x;2", seq);
            String id1 = get(a, "ChannelId").isEmpty() ? SYSTEM_NAME + "-" + (2 * seq) : get(a, "ChannelId");
            String id2 = get(a, "OtherChannelId").isEmpty() ? SYSTEM_NAME + "-" + (2 * seq + 1) : get(a, "OtherChannelId");
            String failedId = get(a, "ChannelId").isEmpty() ? "<unknown>" : get(a, "ChannelId");
            String callerId = get(a, "CallerID");
            if (phone == Phone.UNKNOWN_TECHNOLOGY) {
                send(originateResponse(a, actionId, "Failure", dial, 0, failedId));
                return;
            }
            send(channelEvent("Newchannel", half1, id1, "ChannelStateDesc", "Down"));
            send(channelEvent("Newchannel", half2, id2, "ChannelStateDesc", "Ring"));
            if (phone == Phone.NO_SUCH_EXTENSION) {
                send(hangup(half2, id2, 0, "Unknown"));
                send(hangup(half1, id1, 0, "Unknown"));
                send(originateResponse(a, actionId, "Failure", dial, 0, failedId));
                return;
            }
            send(channelEvent("DialBegin", half1, id1, "DestChannel", half1, "DialString", dial));
            switch (phone) {
                case BUSY -> {
                    send(channelEvent("DialEnd", half1, id1, "DestChannel", half1, "DialStatus", "BUSY"));
                    send(hangup(half2, id2, 17, "User busy"));
                    send(hangup(half1, id1, 0, "Unknown"));
                    send(originateResponse(a, actionId, "Failure", dial, 5, failedId));
                }
                case CONGESTION -> {
                    send(channelEvent("DialEnd", half1, id1, "DestChannel", half1, "DialStatus", "CONGESTION"));
                    send(hangup(half1, id1, 0, "Unknown"));
                    send(originateResponse(a, actionId, "Failure", dial, 8, failedId));
                    send(hangup(half2, id2, 34, "Circuit/channel congestion"));
                }
                case NO_ANSWER -> {
                    send(channelEvent("Newstate", half1, id1, "ChannelStateDesc", "Ringing"));
                    sleep(Math.min(parseLong(get(a, "Timeout"), 30_000), noAnswerAfterMillis));
                    send(originateResponse(a, actionId, "Failure", dial, 3, failedId));
                    send(hangup(half1, id1, 19, "User alerting, no answer"));
                    send(hangup(half2, id2, 19, "User alerting, no answer"));
                }
                case REJECT -> {
                    send(channelEvent("Newstate", half1, id1, "ChannelStateDesc", "Ringing"));
                    send(hangup(half2, id2, 21, "Call Rejected"));
                    send(channelEvent("DialEnd", half1, id1, "DestChannel", half1, "DialStatus", "NOANSWER"));
                    send(originateResponse(a, actionId, "Failure", dial, 0, failedId));
                    send(hangup(half1, id1, 21, "Call Rejected"));
                }
                case PERSON -> {
                    send(channelEvent("Newstate", half1, id1, "ChannelStateDesc", "Ringing"));
                    send(channelEvent("DialState", half1, id1, "DestChannel", half1, "DialStatus", "RINGING"));
                    var keys = new java.util.concurrent.CompletableFuture<String>();
                    PendingPickUp pending = new PendingPickUp(
                            new Ringing(id1, dial, variables(a), java.time.Instant.now()), keys);
                    ringing.add(pending);
                    String chosen;
                    try {
                        chosen = keys.get(Math.min(parseLong(get(a, "Timeout"), 30_000), noAnswerAfterMillis),
                                java.util.concurrent.TimeUnit.MILLISECONDS);
                    } catch (java.util.concurrent.TimeoutException | java.util.concurrent.ExecutionException e) {
                        chosen = null;
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        chosen = null;
                    }
                    // Rang out: nobody may pick it up any more (a pick-up racing the timeout loses).
                    if (chosen == null && !keys.complete(null)) {
                        chosen = keys.getNow(null);
                    }
                    ringing.remove(pending);
                    if (chosen == null) {
                        // As NO_ANSWER (section 3): Failure, Reason 3, causes 19, no DialEnd.
                        send(originateResponse(a, actionId, "Failure", dial, 3, failedId));
                        send(hangup(half1, id1, 19, "User alerting, no answer"));
                        send(hangup(half2, id2, 19, "User alerting, no answer"));
                    } else {
                        answer(a, actionId, seq, half1, half2, id1, id2, callerId, chosen);
                    }
                }
                default -> answer(a, actionId, seq, half1, half2, id1, id2, callerId, null);
            }
        }

        /** Answered (section 2): the AGI of the [astreinte-page] context may connect before OriginateResponse. */
        private void answer(Map<String, String> a, String actionId, long seq, String half1, String half2, String id1,
                            String id2, String callerId, String keys) {
                {
                    send(channelEvent("Newstate", half1, id1, "ChannelStateDesc", "Up"));
                    send(channelEvent("DialEnd", half1, id1, "DestChannel", half1, "DialStatus", "ANSWER"));
                    Map<String, String> response = originateResponse(a, actionId, "Success", half1, 4, id1);
                    response.put("CallerIDNum", callerNumber(callerId));
                    response.put("CallerIDName", callerName(callerId));
                    Thread agi = new Thread(() -> answered.accept(new Answered(half1, id1, variables(a),
                            callerNumber(callerId), callerName(callerId), keys)), "fake-ami-answered-" + seq);
                    agi.setDaemon(true);
                    agi.start();
                    send(response);
                    try {
                        agi.join(60_000);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    send(hangup(half2, id2, 16, "Normal Clearing"));
                    send(hangup(half1, id1, 16, "Normal Clearing"));
                }
            }

        private Map<String, String> originateResponse(Map<String, String> a, String actionId, String response,
                                                      String channel, int reason, String uniqueId) {
            Map<String, String> ev = new LinkedHashMap<>();
            ev.put("Event", "OriginateResponse");
            ev.put("Privilege", "call,all");
            ev.put("Timestamp", timestamp());
            ev.put("SystemName", SYSTEM_NAME);
            if (actionId != null) {
                ev.put("ActionID", actionId);
            }
            ev.put("Response", response);
            ev.put("Channel", channel);
            if (!get(a, "Context").isEmpty()) {
                ev.put("Context", get(a, "Context"));
                ev.put("Exten", get(a, "Exten"));
            } else {
                ev.put("Application", get(a, "Application"));
                ev.put("Data", get(a, "Data"));
            }
            ev.put("Reason", Integer.toString(reason));
            ev.put("Uniqueid", uniqueId);
            ev.put("CallerIDNum", get(a, "CallerID").isEmpty() ? "<unknown>" : callerNumber(get(a, "CallerID")));
            ev.put("CallerIDName", get(a, "CallerID").isEmpty() ? "<unknown>" : callerName(get(a, "CallerID")));
            return ev;
        }

        private Map<String, String> channelEvent(String name, String channel, String uniqueId, String... kv) {
            Map<String, String> ev = new LinkedHashMap<>();
            ev.put("Event", name);
            ev.put("Privilege", "call,all");
            ev.put("Timestamp", timestamp());
            ev.put("SystemName", SYSTEM_NAME);
            ev.put("Channel", channel);
            for (int k = 0; k < kv.length; k += 2) {
                ev.put(kv[k], kv[k + 1]);
            }
            ev.put("Uniqueid", uniqueId);
            return ev;
        }

        private Map<String, String> hangup(String channel, String uniqueId, int cause, String text) {
            return channelEvent("Hangup", channel, uniqueId, "Cause", Integer.toString(cause), "Cause-txt", text);
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

    /** {@code "Serveurcom astreinte" <+33272646172>} to {@code +33272646172}. */
    static String callerNumber(String callerId) {
        int lt = callerId.indexOf('<');
        int gt = callerId.indexOf('>', lt + 1);
        return lt >= 0 && gt > lt ? callerId.substring(lt + 1, gt) : callerId.strip();
    }

    static String callerName(String callerId) {
        int lt = callerId.indexOf('<');
        return lt > 0 ? callerId.substring(0, lt).strip().replace("\"", "") : "";
    }

    /** The {@code Variable} headers ({@code NAME=value}, several joined by commas by some clients). */
    static Map<String, String> variables(Map<String, String> a) {
        Map<String, String> vars = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : a.entrySet()) {
            if (e.getKey().equalsIgnoreCase("Variable")) {
                for (String nv : e.getValue().split(",")) {
                    int eq = nv.indexOf('=');
                    if (eq > 0) {
                        vars.put(nv.substring(0, eq).strip(), nv.substring(eq + 1).strip());
                    }
                }
            }
        }
        return vars;
    }

    private static long parseLong(String s, long otherwise) {
        try {
            return Long.parseLong(s.strip());
        } catch (NumberFormatException e) {
            return otherwise;
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
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

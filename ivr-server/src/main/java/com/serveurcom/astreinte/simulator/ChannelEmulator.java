package com.serveurcom.astreinte.simulator;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Asterisk side of one FastAGI call without any I/O: takes one command line, returns the
 * lines Asterisk 22 would answer (asterisk-wire.md), and keeps the channel's state (variables,
 * hung up or not). Kept apart from the socket code so that every answer can be unit-tested.
 * Confined to one thread.
 */
final class ChannelEmulator {

    static final String DEAD = "511 Command Not Permitted on a dead channel or intercept routine";
    static final String UNKNOWN = "510 Invalid or unknown command";
    static final String HANGUP_LINE = "HANGUP";

    /** Lines to send back; {@code media} says the command would take real time on a channel. */
    record Reply(List<String> lines, boolean media) { }

    /** Commands res_agi knows, longest first so "GET FULL VARIABLE" wins over "GET". */
    private static final List<String> COMMANDS = List.of(
            "CONTROL STREAM FILE", "GET FULL VARIABLE", "SPEECH UNLOAD GRAMMAR", "SPEECH LOAD GRAMMAR",
            "SPEECH ACTIVATE GRAMMAR", "SPEECH DEACTIVATE GRAMMAR",
            "ANSWER", "ASYNCAGI BREAK", "CHANNEL STATUS", "DATABASE DEL", "DATABASE DELTREE", "DATABASE GET",
            "DATABASE PUT", "EXEC", "GET DATA", "GET OPTION", "GET VARIABLE", "GOSUB", "HANGUP", "NOOP",
            "RECEIVE CHAR", "RECEIVE TEXT", "RECORD FILE", "SAY ALPHA", "SAY DIGITS", "SAY NUMBER",
            "SAY PHONETIC", "SAY DATE", "SAY TIME", "SAY DATETIME", "SEND IMAGE", "SEND TEXT",
            "SET AUTOHANGUP", "SET CALLERID", "SET CONTEXT", "SET EXTENSION", "SET MUSIC", "SET PRIORITY",
            "SET VARIABLE", "SPEECH CREATE", "SPEECH SET", "SPEECH DESTROY", "SPEECH RECOGNIZE",
            "STREAM FILE", "TDD MODE", "VERBOSE", "WAIT FOR DIGIT");

    /** Column "Dead" = Yes of {@code agi show commands}. */
    private static final Set<String> ALLOWED_WHEN_DEAD = Set.of(
            "EXEC", "GET VARIABLE", "GET FULL VARIABLE", "SET VARIABLE", "NOOP", "VERBOSE",
            "DATABASE DEL", "DATABASE DELTREE", "DATABASE GET", "DATABASE PUT", "ASYNCAGI BREAK",
            "SPEECH DESTROY", "SPEECH UNLOAD GRAMMAR");

    /** Dialplan applications the simulator knows; any other answers {@code 200 result=-2}. */
    private static final Set<String> KNOWN_APPS = Set.of(
            "VOICEMAIL", "QUEUE", "DIAL", "PLAYBACK", "BACKGROUND", "SET", "NOOP", "WAIT", "HANGUP",
            "ANSWER", "MUSICONHOLD", "SAYDIGITS", "SAYNUMBER", "READ", "VERBOSE", "LOG", "PROGRESS",
            "RINGING", "MIXMONITOR", "STOPMIXMONITOR", "SENDDTMF", "PLAYTONES", "STOPPLAYTONES", "SYSTEM");

    private static final Pattern EXPRESSION = Pattern.compile("\\$\\{([^{}]+)}");

    private final SimulatorSettings settings;
    private final CallSpec spec;
    private final ScriptedCaller caller;
    private final SimulatedVoicemailSpool spool;
    private final String channel;
    private final String uniqueId;

    private final Map<String, String> variables = new HashMap<>();
    private final Map<String, String> serverSets = new LinkedHashMap<>();
    private final Map<String, String> database = new HashMap<>();
    private final List<String> prompts = new ArrayList<>();
    private final List<String> digitsSaid = new ArrayList<>();
    private final List<VoicemailDeposit> voicemails = new ArrayList<>();
    /**
     * Keys the caller typed that no command has read yet: the DTMF frames wait in the channel's
     * queue. GET DATA stops at its maximum and leaves the keys typed after it there; the next
     * command that reads keys takes them first, as the start of its entry; a command that plays
     * without listening to keys (STREAM FILE with no escape digit, Playback, VoiceMail's beep...)
     * reads them off the channel and drops them.
     */
    private final StringBuilder queuedKeys = new StringBuilder();
    private String language;
    private boolean dead;
    private String ajAgiStatus;

    ChannelEmulator(SimulatorSettings settings, CallSpec spec, ScriptedCaller caller, SimulatedVoicemailSpool spool,
                    String channel, String uniqueId) {
        this.settings = settings;
        this.spec = spec;
        this.caller = caller;
        this.spool = spool;
        this.channel = channel;
        this.uniqueId = uniqueId;
        this.language = spec.language();
    }

    Reply handle(AgiCommand cmd) {
        String name = commandName(cmd);
        if (name == null) {
            return reply(false, UNKNOWN);
        }
        if (dead && !ALLOWED_WHEN_DEAD.contains(name)) {
            return reply(false, DEAD);
        }
        int wordCount = name.split(" ").length;
        List<String> a = cmd.args().subList(wordCount, cmd.argc()); // the command's own arguments
        switch (name) {
            case "ANSWER": return reply(false, "200 result=0");
            case "NOOP": return reply(false, "200 result=0");
            case "VERBOSE": return a.isEmpty() || a.size() > 2 ? usage(name) : reply(false, "200 result=1");
            case "CHANNEL STATUS": return reply(false, "200 result=6");
            case "HANGUP": return hangup();
            case "SET VARIABLE": return setVariable(a);
            case "GET VARIABLE": return getVariable(a);
            case "GET FULL VARIABLE": return getFullVariable(a);
            case "STREAM FILE": return streamFile(name, a);
            case "CONTROL STREAM FILE": return a.size() < 2 ? usage(name) : streamFile(name, a.subList(0, 2));
            case "GET OPTION": return getOption(name, a);
            case "GET DATA": return getData(name, a);
            case "WAIT FOR DIGIT": return waitForDigit(name, a);
            case "SAY DIGITS": return sayDigits(name, a);
            case "SAY NUMBER": case "SAY ALPHA": case "SAY PHONETIC": case "SAY DATE": case "SAY TIME":
            case "SAY DATETIME":
                return a.size() < 2 ? usage(name) : reply(true, "200 result=0");
            case "RECORD FILE": return recordFile(name, a);
            case "EXEC": return exec(name, a);
            case "DATABASE GET": return databaseGet(name, a);
            case "DATABASE PUT": return databasePut(name, a);
            case "DATABASE DEL": return databaseDel(name, a);
            case "RECEIVE CHAR": return reply(true, "200 result=0");
            case "SET CALLERID": {
                // 6d: 200 result=1, and the callee of a later Dial sees this caller ID.
                if (a.isEmpty()) {
                    return usage(name);
                }
                assign("CALLERID(all)", a.get(0));
                return reply(false, "200 result=1");
            }
            default: return reply(false, "200 result=0");
        }
    }

    // --- commands ---------------------------------------------------------------------------

    private Reply hangup() {
        // Answered at once, then Asterisk sends the unsolicited HANGUP line (run 1).
        dead = true;
        return reply(false, "200 result=1", HANGUP_LINE);
    }

    private Reply setVariable(List<String> a) {
        if (a.size() != 2) {
            return usage("SET VARIABLE");
        }
        String name = a.get(0);
        String value = a.get(1);
        if ("AJ_AGISTATUS".equals(name)) {
            ajAgiStatus = value;
        }
        serverSets.put(name, value);
        assign(name, value);
        return reply(false, "200 result=1");
    }

    private Reply getVariable(List<String> a) {
        if (a.size() != 1) {
            return usage("GET VARIABLE");
        }
        String value = lookup(a.get(0));
        return value == null ? reply(false, "200 result=0") : reply(false, "200 result=1 (" + value + ")");
    }

    private Reply getFullVariable(List<String> a) {
        if (a.isEmpty() || a.size() > 2) {
            return usage("GET FULL VARIABLE");
        }
        Matcher m = EXPRESSION.matcher(a.get(0));
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            String v = lookup(m.group(1));
            m.appendReplacement(sb, Matcher.quoteReplacement(v == null ? "" : v));
        }
        m.appendTail(sb);
        return reply(false, "200 result=1 (" + sb + ")");
    }

    private Reply streamFile(String name, List<String> a) {
        if (a.size() < 2 || a.size() > 3) {
            return usage(name);
        }
        String sound = a.get(0);
        prompts.add(sound);
        if (settings.missingSounds().contains(sound)) {
            // The channel stays up; only AGISTATUS ends FAILURE (case 6).
            return reply(true, "200 result=-1 endpos=0");
        }
        Character escape = takeQueuedEscape(a.get(1));
        if (escape != null) {
            return reply(true, "200 result=" + (int) escape + " endpos=" + settings.samplesOf(sound) / 2);
        }
        return reply(true, "200 result=0 endpos=" + settings.samplesOf(sound));
    }

    private Reply getOption(String name, List<String> a) {
        if (a.size() < 2 || a.size() > 3) {
            return usage(name);
        }
        String sound = a.get(0);
        prompts.add(sound);
        int samples = settings.samplesOf(sound);
        Character escape = takeQueuedEscape(a.get(1));
        if (escape != null) {
            return reply(true, "200 result=" + (int) escape + " endpos=0");
        }
        KeyEntry key = caller.next();
        switch (key.kind()) {
            case HANGUP: case NO_MESSAGE: case MESSAGE_HANGUP:
                dead = true;
                return reply(true, "200 result=-1 endpos=" + samples / 2, HANGUP_LINE);
            case DIGITS:
                char d = key.digits().charAt(0);
                if (a.get(1).indexOf(d) >= 0) {
                    return reply(true, "200 result=" + (int) d + " endpos=" + samples / 2);
                }
                return reply(true, "200 result=0 endpos=" + samples);
            default:
                return reply(true, "200 result=0 endpos=" + samples);
        }
    }

    private Reply getData(String name, List<String> a) {
        if (a.isEmpty() || a.size() > 3) {
            return usage(name);
        }
        prompts.add(a.get(0));
        int max = 1024;
        if (a.size() == 3) {
            try {
                max = Integer.parseInt(a.get(2));
            } catch (NumberFormatException e) {
                max = 1024;
            }
            if (max <= 0) {
                max = 1024;
            }
        }
        String queued = queuedKeys.toString();
        queuedKeys.setLength(0);
        if (queued.indexOf('#') >= 0 || queued.length() >= max) {
            // The queued keys end the entry by themselves: the caller is not heard at all.
            return reply(true, read(queued, max));
        }
        KeyEntry key = caller.next();
        switch (key.kind()) {
            case HANGUP: case NO_MESSAGE: case MESSAGE_HANGUP:
                // Digits typed before a hangup are lost (run 2).
                dead = true;
                return reply(true, "200 result=-1", HANGUP_LINE);
            case DIGITS:
                return reply(true, read(queued + key.digits(), max));
            default:
                return reply(true, read(queued, max));
        }
    }

    /** The answer to GET DATA for {@code keys}; keys after the entry's end stay queued. */
    private String read(String keys, int max) {
        String answer = getDataResult(keys, max);
        int used = keysUsed(keys, max);
        queuedKeys.append(keys, used, keys.length());
        return answer;
    }

    /** How many of {@code keys} GET DATA reads: up to and with {@code #}, or {@code max} digits. */
    static int keysUsed(String keys, int max) {
        int digits = 0;
        for (int i = 0; i < keys.length(); i++) {
            if (keys.charAt(i) == '#') {
                return i + 1;
            }
            digits++;
            if (digits >= max) {
                return i + 1;
            }
        }
        return keys.length();
    }

    /**
     * A command playing with {@code escapeDigits}: the first queued key interrupts it when it is one
     * of them (and is read); otherwise the queued keys are read off the channel and dropped.
     */
    private Character takeQueuedEscape(String escapeDigits) {
        if (queuedKeys.length() == 0) {
            return null;
        }
        char first = queuedKeys.charAt(0);
        if (escapeDigits.indexOf(first) >= 0) {
            queuedKeys.deleteCharAt(0);
            return first;
        }
        queuedKeys.setLength(0);
        return null;
    }

    /**
     * {@code #} ends the input and is not returned; {@code *} is an ordinary digit; input stops at
     * {@code max} digits; without {@code #} and below {@code max} the read ends on the timeout,
     * counted from the last digit (case 5).
     */
    static String getDataResult(String keys, int max) {
        StringBuilder got = new StringBuilder();
        for (int i = 0; i < keys.length(); i++) {
            char c = keys.charAt(i);
            if (c == '#') {
                return "200 result=" + got;
            }
            got.append(c);
            if (got.length() >= max) {
                return "200 result=" + got;
            }
        }
        return "200 result=" + got + " (timeout)";
    }

    private Reply waitForDigit(String name, List<String> a) {
        if (a.size() != 1) {
            return usage(name);
        }
        if (queuedKeys.length() > 0) {
            char first = queuedKeys.charAt(0);
            queuedKeys.deleteCharAt(0);
            return reply(true, "200 result=" + (int) first);
        }
        KeyEntry key = caller.next();
        switch (key.kind()) {
            case HANGUP: case NO_MESSAGE: case MESSAGE_HANGUP:
                dead = true;
                return reply(true, "200 result=-1", HANGUP_LINE);
            case DIGITS:
                return reply(true, "200 result=" + (int) key.digits().charAt(0));
            default:
                return reply(true, "200 result=0");
        }
    }

    private Reply sayDigits(String name, List<String> a) {
        if (a.size() != 2) {
            return usage(name);
        }
        digitsSaid.add(a.get(0));
        Character escape = takeQueuedEscape(a.get(1));
        return reply(true, "200 result=" + (escape == null ? 0 : (int) escape));
    }

    /**
     * RECORD FILE file format escape timeout [offset] [BEEP] [s=silence]: {@code message} ends
     * with {@code #} (case 7), {@code -} ends on the time limit, a hangup gives res_agi's
     * {@code (hangup)} answer. The audio file itself is not written.
     */
    private Reply recordFile(String name, List<String> a) {
        if (a.size() < 4) {
            return usage(name);
        }
        int limitMs;
        try {
            limitMs = Integer.parseInt(a.get(3));
        } catch (NumberFormatException e) {
            return usage(name);
        }
        queuedKeys.setLength(0);
        for (int i = 4; i < a.size(); i++) {
            if (a.get(i).equalsIgnoreCase("BEEP")) {
                prompts.add("beep");
            }
        }
        KeyEntry key = caller.next();
        switch (key.kind()) {
            case MESSAGE:
                return reply(true, "200 result=35 (dtmf) endpos=23840");
            case DIGITS:
                return reply(true, "200 result=" + (int) key.digits().charAt(0) + " (dtmf) endpos=23840");
            case MESSAGE_HANGUP:
                dead = true;
                return reply(true, "200 result=-1 (hangup) endpos=24000", HANGUP_LINE);
            case HANGUP: case NO_MESSAGE:
                dead = true;
                return reply(true, "200 result=-1 (hangup) endpos=0", HANGUP_LINE);
            default:
                return reply(true, "200 result=0 (timeout) endpos=" + Math.max(0, limitMs) * 8);
        }
    }

    private Reply exec(String name, List<String> a) {
        if (a.isEmpty()) {
            return usage(name);
        }
        String app = a.get(0);
        String data = a.size() >= 2 ? a.get(1) : "";
        String upper = app.toUpperCase(Locale.ROOT);
        if (!KNOWN_APPS.contains(upper)) {
            return reply(false, "200 result=-2");
        }
        if (Set.of("PLAYBACK", "SAYDIGITS", "VOICEMAIL", "QUEUE", "DIAL", "MUSICONHOLD", "WAIT").contains(upper)) {
            queuedKeys.setLength(0); // these applications play or wait without reading keys
        }
        switch (upper) {
            case "SET": {
                int eq = data.indexOf('=');
                if (eq > 0) {
                    String var = data.substring(0, eq);
                    serverSets.put(var, data.substring(eq + 1));
                    assign(var, data.substring(eq + 1));
                }
                return reply(false, "200 result=0");
            }
            case "HANGUP":
                dead = true;
                return reply(false, "200 result=-1", HANGUP_LINE);
            case "PLAYBACK": case "BACKGROUND": {
                if (dead) {
                    return reply(false, "200 result=-1");
                }
                boolean missing = false;
                for (String sound : data.split(",")[0].split("&")) {
                    if (!sound.isEmpty()) {
                        prompts.add(sound);
                        missing |= settings.missingSounds().contains(sound);
                    }
                }
                if (upper.equals("PLAYBACK")) {
                    assign("PLAYBACKSTATUS", missing ? "FAILED" : "SUCCESS");
                }
                return reply(true, "200 result=0");
            }
            case "SAYDIGITS":
                if (dead) {
                    return reply(false, "200 result=-1");
                }
                digitsSaid.add(data.split(",")[0]);
                return reply(true, "200 result=0");
            case "VOICEMAIL": return dead ? reply(false, "200 result=-1") : voicemail(data);
            case "QUEUE": return dead ? reply(false, "200 result=-1") : queue(data);
            case "DIAL": return dead ? reply(false, "200 result=-1") : dial();
            default:
                return reply(false, "200 result=0");
        }
    }

    /**
     * VoiceMail(box@ctx[&...][,options]): {@code message} saves a message and answers 0;
     * {@code message-hangup} saves it but answers -1 then HANGUP (case 1); {@code nomessage} and
     * {@code hangup} save nothing, answer -1 then HANGUP, VMSTATUS=FAILED (case 2). Silence
     * ({@code -}) is not recorded from the PBX: the simulator answers 0 with VMSTATUS=FAILED, as
     * a too-short recording is abandoned.
     */
    private Reply voicemail(String data) {
        String first = data.split(",")[0].split("&")[0];
        if (first.isEmpty()) {
            return reply(false, "200 result=-1");
        }
        String box = first.contains("@") ? first.substring(0, first.indexOf('@')) : first;
        String vmContext = first.contains("@") ? first.substring(first.indexOf('@') + 1) : "default";
        boolean skipGreeting = data.contains(",") && data.substring(data.indexOf(',') + 1).contains("s");
        prompts.add(skipGreeting ? "beep" : "vm-intro");
        KeyEntry key = caller.next();
        switch (key.kind()) {
            case MESSAGE: case DIGITS:
                saveMessage(box, vmContext, 5);
                return reply(true, "200 result=0");
            case MESSAGE_HANGUP:
                saveMessage(box, vmContext, 3);
                dead = true;
                return reply(true, "200 result=-1", HANGUP_LINE);
            case SILENCE:
                assign("VMSTATUS", "FAILED");
                return reply(true, "200 result=0");
            default:
                assign("VMSTATUS", "FAILED");
                dead = true;
                return reply(true, "200 result=-1", HANGUP_LINE);
        }
    }

    private void saveMessage(String box, String vmContext, int seconds) {
        String callerIdAll = spec.anonymous() ? "<unknown>"
                : "\"" + (spec.callerIdName() == null ? "" : spec.callerIdName()) + "\" <" + spec.callerIdNumber() + ">";
        VoicemailDeposit d = spool.deposit(box, vmContext, seconds, new SimulatedVoicemailSpool.CallFacts(
                spec.context(), spec.extension(), spec.priority(), channel, callerIdAll, uniqueId));
        voicemails.add(d);
        assign("VM_MESSAGEFILE", d.messageFile().toString());
        assign("VMSTATUS", "SUCCESS");
        settings.voicemailListener().accept(d);
    }

    private Reply queue(String data) {
        String[] p = data.split(",", -1);
        Integer timeout = null;
        if (p.length >= 5 && !p[4].isBlank()) {
            try {
                timeout = Integer.parseInt(p[4].strip());
            } catch (NumberFormatException e) {
                timeout = null;
            }
        }
        QueueBehaviour q = settings.queue();
        prompts.add("moh:default");
        switch (q.mode()) {
            case JOIN_EMPTY:
                assign("QUEUESTATUS", "JOINEMPTY");
                return reply(true, "200 result=0");
            case AGENT_ANSWERS:
                queueTimes(q.holdSeconds(), q.talkSeconds());
                assign("MEMBERINTERFACE", q.agentInterface());
                dead = true;
                return reply(true, "200 result=-1", HANGUP_LINE);
            default:
                if (timeout != null) {
                    queueTimes(timeout, 0);
                    assign("ABANDONED", "TRUE");
                    assign("QUEUEPOSITION", "1");
                    assign("QUEUESTATUS", "TIMEOUT");
                    return reply(true, "200 result=0");
                }
                queueTimes(q.holdSeconds(), 0);
                assign("ABANDONED", "TRUE");
                assign("QUEUEPOSITION", "1");
                dead = true;
                return reply(true, "200 result=-1", HANGUP_LINE);
        }
    }

    private void queueTimes(int waitSeconds, int talkSeconds) {
        assign("QUEUEWAIT", Integer.toString(waitSeconds));
        assign("QUEUEWAIT_MS", Integer.toString(waitSeconds * 1000));
        assign("DIALEDTIME", Integer.toString(waitSeconds));
        assign("DIALEDTIME_MS", Integer.toString(waitSeconds * 1000 + 30));
        assign("ANSWEREDTIME", Integer.toString(talkSeconds));
        assign("ANSWEREDTIME_MS", Integer.toString(talkSeconds * 1000));
    }

    /**
     * Dial as asterisk-wire-originate.md section 6 recorded it. Answered: the two talk, then the
     * technician (this channel) hangs up first (6d): {@code 200 result=-1}, the {@code HANGUP} line, and
     * DIALSTATUS, DIALEDTIME, ANSWEREDTIME (and their _MS twins), HANGUPCAUSE 16 readable afterwards.
     * Unanswered (BUSY, CONGESTION, NOANSWER): {@code 200 result=0}, the time variables set to empty,
     * HANGUPCAUSE 0 (6e); CHANUNAVAIL as recorded on the support line.
     */
    private Reply dial() {
        String status = settings.dialStatus();
        assign("DIALSTATUS", status);
        if ("ANSWER".equals(status)) {
            assign("HANGUPCAUSE", "16");
            assign("DIALEDTIME", "8");
            assign("DIALEDTIME_MS", "8025");
            assign("ANSWEREDTIME", "6");
            assign("ANSWEREDTIME_MS", "6019");
            assign("RINGTIME", "0");
            dead = true;
            return reply(true, "200 result=-1", HANGUP_LINE);
        }
        for (String v : List.of("DIALEDTIME", "DIALEDTIME_MS", "ANSWEREDTIME", "ANSWEREDTIME_MS", "RINGTIME",
                "DIALEDPEERNAME", "DIALEDPEERNUMBER")) {
            assign(v, "");
        }
        assign("HANGUPCAUSE", "0");
        return reply(true, "200 result=0");
    }

    private Reply databaseGet(String name, List<String> a) {
        if (a.size() != 2) {
            return usage(name);
        }
        String v = database.get(a.get(0) + "/" + a.get(1));
        return v == null ? reply(false, "200 result=0") : reply(false, "200 result=1 (" + v + ")");
    }

    private Reply databasePut(String name, List<String> a) {
        if (a.size() != 3) {
            return usage(name);
        }
        database.put(a.get(0) + "/" + a.get(1), a.get(2));
        return reply(false, "200 result=1");
    }

    private Reply databaseDel(String name, List<String> a) {
        if (a.size() != 2) {
            return usage(name);
        }
        return reply(false, database.remove(a.get(0) + "/" + a.get(1)) != null ? "200 result=1" : "200 result=0");
    }

    // --- variables ----------------------------------------------------------------------------

    private void assign(String name, String value) {
        if (name.equalsIgnoreCase("CHANNEL(language)")) {
            language = value;
        } else {
            variables.put(name, value);
        }
    }

    /** A variable or one of the few dialplan functions a support script reads; null if unset. */
    private String lookup(String name) {
        switch (name) {
            case "CHANNEL(language)": return language;
            case "CHANNEL": case "CHANNEL(name)": return channel;
            case "UNIQUEID": case "CHANNEL(uniqueid)": return uniqueId;
            case "CALLERID(num)": return spec.anonymous() ? "" : spec.callerIdNumber();
            case "CALLERID(name)": return spec.callerIdName() == null ? "" : spec.callerIdName();
            case "CONTEXT": return spec.context();
            case "EXTEN": return spec.extension();
            case "PRIORITY": return Integer.toString(spec.priority());
            case "CHANNEL(state)": return dead ? "Down" : "Up";
            default: return variables.get(name);
        }
    }

    // --- helpers -------------------------------------------------------------------------------

    private static String commandName(AgiCommand cmd) {
        for (String c : COMMANDS) {
            int n = c.split(" ").length;
            if (cmd.argc() >= n && cmd.words(n).equals(c)) {
                return c;
            }
        }
        return null;
    }

    /** res_agi's multi-line 520 answer: description between the first and the last line. */
    private static Reply usage(String name) {
        return reply(false, "520-Invalid command syntax.  Proper usage follows:",
                "Usage: " + name + " " + AgiUsage.syntax(name),
                "520 End of proper usage.");
    }

    private static Reply reply(boolean media, String... lines) {
        return new Reply(List.of(lines), media);
    }

    /** The dialplan's own {@code Set(name=)} between two AGI() calls: unsets the variable. */
    void dialplanUnset(String name) { variables.remove(name); }
    boolean dead() { return dead; }
    String queuedKeys() { return queuedKeys.toString(); }
    String ajAgiStatus() { return ajAgiStatus; }
    List<String> prompts() { return prompts; }
    List<String> digitsSaid() { return digitsSaid; }
    Map<String, String> serverSets() { return serverSets; }
    List<VoicemailDeposit> voicemails() { return voicemails; }
    Map<String, String> variables() {
        Map<String, String> all = new HashMap<>(variables);
        all.put("CHANNEL(language)", language);
        return all;
    }
}

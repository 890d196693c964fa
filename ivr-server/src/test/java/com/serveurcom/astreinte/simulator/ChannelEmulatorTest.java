package com.serveurcom.astreinte.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The answers the simulator gives, line by line, against asterisk-wire.md. */
class ChannelEmulatorTest {

    private static final String CHANNEL = "Local/0272646172@astreinte-inbound-00000000;2";

    @TempDir
    Path spool;

    private ChannelEmulator emulator(SimulatorSettings settings, String keys) {
        CallSpec spec = CallSpec.builder("127.0.0.1", 4573).callerId("0612345678", "Test Caller").keys(keys).build();
        return new ChannelEmulator(settings, spec, new ScriptedCaller(spec.keys(), spec.whenKeysExhausted()),
                new SimulatedVoicemailSpool(settings.spoolDir(), settings.writeVoicemailFiles()), CHANNEL, "sim.1");
    }

    private ChannelEmulator emulator(String keys) {
        return emulator(SimulatorSettings.defaults(), keys);
    }

    private static List<String> send(ChannelEmulator e, String line) {
        return e.handle(AgiCommand.parse(line)).lines();
    }

    @Test
    void parsesQuotedArgumentsLikeResAgi() {
        assertThat(AgiCommand.parse("STREAM FILE beep \"\"").args()).containsExactly("STREAM", "FILE", "beep", "");
        assertThat(AgiCommand.parse("SET VARIABLE \"AJ_AGISTATUS\" \"SUCCESS\"").args())
                .containsExactly("SET", "VARIABLE", "AJ_AGISTATUS", "SUCCESS");
        assertThat(AgiCommand.parse("VERBOSE \"returning to dialplan\" 1").args())
                .containsExactly("VERBOSE", "returning to dialplan", "1");
        assertThat(AgiCommand.parse("GET DATA astreinte/saisir-numero 5000 12").args()).hasSize(5);
    }

    @Test
    void getDataFollowsTheKeyScript() {
        ChannelEmulator e = emulator("26000001#, -, *#, 1234, 12");
        assertThat(send(e, "GET DATA astreinte/saisir-numero 5000 12")).containsExactly("200 result=26000001");
        assertThat(send(e, "GET DATA beep 2000 4")).containsExactly("200 result= (timeout)");
        assertThat(send(e, "GET DATA beep 5000 12")).containsExactly("200 result=*");
        assertThat(send(e, "GET DATA beep 5000 4")).containsExactly("200 result=1234");
        assertThat(send(e, "GET DATA beep 5000 6")).containsExactly("200 result=12 (timeout)");
        assertThat(e.prompts()).startsWith("astreinte/saisir-numero", "beep");
        assertThat(e.queuedKeys()).isEmpty();
    }

    /**
     * Keys typed after GET DATA has its maximum stay queued on the channel (seen on Asterisk 22) and
     * begin the next entry: 16 digits read 12 at a time give the 4 last ones to the retry, and a
     * {@code #} left over ends the try after it at once, without hearing the caller.
     */
    @Test
    void keysBeyondTheMaximumStayQueuedAndBeginTheNextEntry() {
        ChannelEmulator e = emulator("9999999999990003, 26000003#, 1");
        assertThat(send(e, "GET DATA astreinte/astreinte-saisir-numero 6000 12")).containsExactly("200 result=999999999999");
        assertThat(e.queuedKeys()).isEqualTo("0003");
        assertThat(send(e, "GET DATA astreinte/numero-inconnu-reessayer 6000 12")).containsExactly("200 result=000326000003");
        assertThat(e.queuedKeys()).isEqualTo("#");
        assertThat(send(e, "GET DATA astreinte/numero-inconnu-reessayer 6000 12")).containsExactly("200 result=");
        assertThat(e.queuedKeys()).isEmpty();
        assertThat(send(e, "WAIT FOR DIGIT 3000")).containsExactly("200 result=49"); // the caller is heard again
    }

    /** A prompt that does not listen to keys reads the queued ones off the channel and drops them. */
    @Test
    void aPromptWithoutEscapeDigitsDropsTheQueuedKeys() {
        ChannelEmulator e = emulator("9999999999990003, 26000003#");
        send(e, "GET DATA astreinte/astreinte-saisir-numero 6000 12");
        assertThat(send(e, "STREAM FILE astreinte/numero-inconnu \"\"")).singleElement().asString()
                .startsWith("200 result=0 endpos=");
        assertThat(e.queuedKeys()).isEmpty();
        assertThat(send(e, "GET DATA astreinte/saisir-a-nouveau 6000 12")).containsExactly("200 result=26000003");
    }

    @Test
    void aQueuedKeyInterruptsAPromptThatListensForIt() {
        ChannelEmulator e = emulator("1234567");
        send(e, "GET DATA beep 5000 4");
        assertThat(send(e, "STREAM FILE beep \"0123456789\"")).containsExactly("200 result=53 endpos=1702");
        assertThat(send(e, "WAIT FOR DIGIT 1000")).containsExactly("200 result=54");
        assertThat(send(e, "STREAM FILE beep \"#\"")).containsExactly("200 result=0 endpos=3404");
        assertThat(e.queuedKeys()).isEmpty();
    }

    @Test
    void callerHangupDuringGetDataThenDeadChannelRules() {
        ChannelEmulator e = emulator("hangup");
        assertThat(send(e, "STREAM FILE beep \"\"")).containsExactly("200 result=0 endpos=3404");
        assertThat(send(e, "GET DATA beep 5000 6")).containsExactly("200 result=-1", "HANGUP");
        assertThat(send(e, "NOOP after-caller-hangup-1")).containsExactly("200 result=0");
        assertThat(send(e, "GET VARIABLE AGISTATUS")).containsExactly("200 result=0");
        assertThat(send(e, "STREAM FILE beep \"\"")).containsExactly(ChannelEmulator.DEAD);
        assertThat(send(e, "GET DATA beep 1000 2")).containsExactly(ChannelEmulator.DEAD);
        assertThat(send(e, "SAY DIGITS 123 \"\"")).containsExactly(ChannelEmulator.DEAD);
        assertThat(send(e, "SET VARIABLE \"AJ_AGISTATUS\" \"SUCCESS\"")).containsExactly("200 result=1");
        assertThat(e.ajAgiStatus()).isEqualTo("SUCCESS");
    }

    @Test
    void serverHangupAnswersOneThenHangupLine() {
        ChannelEmulator e = emulator("");
        send(e, "SET VARIABLE X Y");
        assertThat(send(e, "HANGUP")).containsExactly("200 result=1", "HANGUP");
        assertThat(send(e, "GET VARIABLE X")).containsExactly("200 result=1 (Y)");
        assertThat(send(e, "CHANNEL STATUS")).containsExactly(ChannelEmulator.DEAD);
    }

    @Test
    void variablesAndFunctions() {
        ChannelEmulator e = emulator("");
        assertThat(send(e, "GET VARIABLE X")).containsExactly("200 result=0");
        assertThat(send(e, "GET FULL VARIABLE \"${CALLERID(num)}/${CHANNEL}\""))
                .containsExactly("200 result=1 (0612345678/" + CHANNEL + ")");
        assertThat(send(e, "GET VARIABLE CHANNEL(language)")).containsExactly("200 result=1 (fr)");
        assertThat(send(e, "EXEC Set CHANNEL(language)=en")).containsExactly("200 result=0");
        assertThat(send(e, "GET VARIABLE CHANNEL(language)")).containsExactly("200 result=1 (en)");
        assertThat(send(e, "CHANNEL STATUS")).containsExactly("200 result=6");
        assertThat(send(e, "ANSWER")).containsExactly("200 result=0");
        assertThat(send(e, "VERBOSE \"hello\" 1")).containsExactly("200 result=1");
        assertThat(send(e, "SAY DIGITS 26000001 \"\"")).containsExactly("200 result=0");
        assertThat(e.digitsSaid()).containsExactly("26000001");
    }

    @Test
    void unknownCommandAndBadUsage() {
        ChannelEmulator e = emulator("");
        assertThat(send(e, "FROBNICATE now")).containsExactly("510 Invalid or unknown command");
        assertThat(send(e, "GET VARIABLE")).containsExactly(
                "520-Invalid command syntax.  Proper usage follows:",
                "Usage: GET VARIABLE <variablename>",
                "520 End of proper usage.");
        assertThat(send(e, "STREAM FILE beep")).first().isEqualTo("520-Invalid command syntax.  Proper usage follows:");
        assertThat(send(e, "EXEC NoSuchApp x")).containsExactly("200 result=-2");
    }

    @Test
    void streamFileEscapeAndMissingSound() {
        ChannelEmulator e = emulator(SimulatorSettings.defaults().withMissingSounds(Set.of("nosuchfile")), "5");
        assertThat(send(e, "STREAM FILE nosuchfile \"\"")).containsExactly("200 result=-1 endpos=0");
        assertThat(send(e, "STREAM FILE beep \"0123456789*#\"")).containsExactly("200 result=0 endpos=3404");
        assertThat(send(e, "WAIT FOR DIGIT 3000")).containsExactly("200 result=53");
        assertThat(e.dead()).isFalse();
    }

    @Test
    void voicemailMessageWritesTheSpoolFiles() throws Exception {
        ChannelEmulator e = emulator(SimulatorSettings.defaults().withVoicemailSpool(spool), "message");
        assertThat(send(e, "EXEC VoiceMail 100@astreinte,s")).containsExactly("200 result=0");
        assertThat(send(e, "GET VARIABLE VMSTATUS")).containsExactly("200 result=1 (SUCCESS)");
        Path inbox = spool.resolve("voicemail/astreinte/100/INBOX");
        assertThat(send(e, "GET VARIABLE VM_MESSAGEFILE")).containsExactly("200 result=1 (" + inbox.resolve("msg0000") + ")");
        String txt = Files.readString(inbox.resolve("msg0000.txt"));
        assertThat(txt).startsWith(";\n; Message Information file\n;\n[message]\norigmailbox=100\ncontext=astreinte-inbound\n")
                .contains("callerchan=" + CHANNEL + "\n", "callerid=\"Test Caller\" <0612345678>\n", "category=\n", "flag=\n")
                .endsWith("duration=5\n");
        assertThat(Files.size(inbox.resolve("msg0000.wav"))).isEqualTo(44 + 5 * 16000);
        assertThat(e.dead()).isFalse();
    }

    @Test
    void voicemailNoMessageAndMessageHangup() {
        ChannelEmulator none = emulator("nomessage");
        assertThat(send(none, "EXEC VoiceMail 100@astreinte,s")).containsExactly("200 result=-1", "HANGUP");
        assertThat(send(none, "GET VARIABLE VMSTATUS")).containsExactly("200 result=1 (FAILED)");
        assertThat(send(none, "GET VARIABLE VM_MESSAGEFILE")).containsExactly("200 result=0");
        assertThat(send(none, "NOOP after-voicemail")).containsExactly("200 result=0");

        ChannelEmulator spoke = emulator("message-hangup");
        assertThat(send(spoke, "EXEC VoiceMail 100@astreinte,s")).containsExactly("200 result=-1", "HANGUP");
        assertThat(send(spoke, "GET VARIABLE VMSTATUS")).containsExactly("200 result=1 (SUCCESS)");
        assertThat(send(spoke, "GET VARIABLE VM_MESSAGEFILE")).singleElement().asString()
                .endsWith("/voicemail/astreinte/100/INBOX/msg0000)");
    }

    @Test
    void queueWithoutAgentTimesOutOrWaitsForTheHangup() {
        ChannelEmulator timeout = emulator("");
        assertThat(send(timeout, "EXEC Queue support,,,,5")).containsExactly("200 result=0");
        assertThat(send(timeout, "GET VARIABLE QUEUESTATUS")).containsExactly("200 result=1 (TIMEOUT)");
        assertThat(send(timeout, "GET VARIABLE QUEUEWAIT")).containsExactly("200 result=1 (5)");
        assertThat(send(timeout, "GET VARIABLE QUEUEPOSITION")).containsExactly("200 result=1 (1)");

        ChannelEmulator forever = emulator("");
        assertThat(send(forever, "EXEC Queue support")).containsExactly("200 result=-1", "HANGUP");
        assertThat(send(forever, "GET VARIABLE QUEUESTATUS")).containsExactly("200 result=0");
        assertThat(send(forever, "GET VARIABLE QUEUEWAIT")).containsExactly("200 result=1 (4)");
    }

    @Test
    void queueAnsweredByAnAgentAndDial() {
        ChannelEmulator e = emulator(SimulatorSettings.defaults().withQueue(QueueBehaviour.agentAnswers()), "");
        assertThat(send(e, "EXEC Queue support,,,,30")).containsExactly("200 result=-1", "HANGUP");
        assertThat(send(e, "GET VARIABLE QUEUESTATUS")).containsExactly("200 result=0");
        assertThat(send(e, "GET VARIABLE MEMBERINTERFACE")).containsExactly("200 result=1 (Local/201@agents)");

        ChannelEmulator d = emulator("");
        assertThat(send(d, "EXEC Dial Local/999@nowhere,5")).containsExactly("200 result=0");
        assertThat(send(d, "GET VARIABLE DIALSTATUS")).containsExactly("200 result=1 (CHANUNAVAIL)");
        assertThat(send(d, "GET VARIABLE HANGUPCAUSE")).containsExactly("200 result=1 (0)");
    }

    @Test
    void callerHangsUpWhenTheKeysRunOut() {
        ChannelEmulator e = emulator("1");
        assertThat(send(e, "GET DATA menu 3000 1")).containsExactly("200 result=1");
        assertThat(send(e, "GET DATA menu 3000 1")).containsExactly("200 result=-1", "HANGUP");
    }
}

package com.serveurcom.astreinte.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.asteriskjava.AsteriskVersion;
import org.asteriskjava.manager.DefaultManagerConnection;
import org.asteriskjava.manager.ManagerConnection;
import org.asteriskjava.manager.ManagerConnectionFactory;
import org.asteriskjava.manager.ManagerConnectionState;
import org.asteriskjava.manager.PingThread;
import org.asteriskjava.manager.ResponseEvents;
import org.asteriskjava.manager.action.MailboxCountAction;
import org.asteriskjava.manager.action.OriginateAction;
import org.asteriskjava.manager.action.PingAction;
import org.asteriskjava.manager.action.QueueStatusAction;
import org.asteriskjava.manager.action.QueueSummaryAction;
import org.asteriskjava.manager.event.ConnectEvent;
import org.asteriskjava.manager.event.DisconnectEvent;
import org.asteriskjava.manager.event.ManagerEvent;
import org.asteriskjava.manager.event.MessageWaitingEvent;
import org.asteriskjava.manager.event.OriginateResponseEvent;
import org.asteriskjava.manager.event.QueueMemberEvent;
import org.asteriskjava.manager.event.QueueParamsEvent;
import org.asteriskjava.manager.event.QueueSummaryEvent;
import org.asteriskjava.manager.response.MailboxCountResponse;
import org.asteriskjava.manager.response.ManagerResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A real asterisk-java ManagerConnection against the fake AMI server. */
class FakeAmiServerTest {

    private FakeAmiServer ami;
    private ManagerConnection connection;
    private final BlockingQueue<ManagerEvent> events = new LinkedBlockingQueue<>();

    @BeforeEach
    void start() throws Exception {
        ami = new FakeAmiServer("astreinte", "s3cret");
        ami.setQueue(AmiQueue.empty("support"));
        connection = new ManagerConnectionFactory(ami.host(), ami.port(), "astreinte", "s3cret").createManagerConnection();
        connection.addEventListener(events::add);
    }

    @AfterEach
    void stop() throws Exception {
        if (connection.getState() == ManagerConnectionState.CONNECTED
                || connection.getState() == ManagerConnectionState.RECONNECTING) {
            connection.logoff();
        }
        ami.close();
    }

    private <T extends ManagerEvent> T await(Class<T> type, Duration within) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        while (true) {
            long left = deadline - System.nanoTime();
            ManagerEvent e = events.poll(Math.max(0, left), TimeUnit.NANOSECONDS);
            if (e == null) {
                throw new AssertionError("no " + type.getSimpleName() + " within " + within);
            }
            if (type.isInstance(e)) {
                return type.cast(e);
            }
        }
    }

    @Test
    void md5LoginDetectsAsterisk22AtOnce() throws Exception {
        long t0 = System.nanoTime();
        connection.login();
        long ms = (System.nanoTime() - t0) / 1_000_000;

        assertThat(connection.getState()).isEqualTo(ManagerConnectionState.CONNECTED);
        assertThat(connection.getVersion()).isEqualTo(AsteriskVersion.ASTERISK_22);
        assertThat(ms).as("no 500 ms version-detection retry").isLessThan(450);
        // asterisk-java writes header names in lower case; Asterisk matches them case-insensitively.
        assertThat(ami.actions()).extracting(a -> a.get("action")).startsWith("Challenge", "Login", "CoreSettings");
        assertThat(ami.actions().get(1)).containsEntry("authtype", "MD5")
                .containsKey("key").doesNotContainKey("secret");

        ManagerResponse pong = connection.sendAction(new PingAction());
        assertThat(pong.getResponse()).isEqualTo("Success");
        assertThat(pong.getAttributes()).containsEntry("ping", "Pong");
    }

    @Test
    void wrongSecretIsRefused() throws Exception {
        ManagerConnection bad = new ManagerConnectionFactory(ami.host(), ami.port(), "astreinte", "wrong")
                .createManagerConnection();
        org.assertj.core.api.Assertions.assertThatThrownBy(bad::login)
                .isInstanceOf(org.asteriskjava.manager.AuthenticationFailedException.class);
    }

    @Test
    void queueSummaryAndStatusListEvents() throws Exception {
        ami.setQueue(AmiQueue.withAgents("support", 2, 1));
        connection.login();

        ResponseEvents summary = connection.sendEventGeneratingAction(new QueueSummaryAction("support"), 2000);
        List<QueueSummaryEvent> rows = summary.getEvents().stream()
                .filter(QueueSummaryEvent.class::isInstance).map(QueueSummaryEvent.class::cast).toList();
        assertThat(rows).singleElement().satisfies(q -> {
            assertThat(q.getQueue()).isEqualTo("support");
            assertThat(q.getLoggedIn()).isEqualTo(2);
            assertThat(q.getAvailable()).isEqualTo(1);
        });

        ResponseEvents status = connection.sendEventGeneratingAction(new QueueStatusAction(), 2000);
        assertThat(status.getEvents()).filteredOn(QueueParamsEvent.class::isInstance).hasSize(1);
        assertThat(status.getEvents()).filteredOn(QueueMemberEvent.class::isInstance).hasSize(2);
    }

    @Test
    void messageWaitingEventAndMailboxCount() throws Exception {
        connection.login();
        ami.pushMessageWaiting("100@astreinte", 1, 1, 0);

        MessageWaitingEvent mwi = await(MessageWaitingEvent.class, Duration.ofSeconds(2));
        assertThat(mwi.getMailbox()).isEqualTo("100@astreinte");
        assertThat(mwi.getWaiting()).isEqualTo(1);
        assertThat(mwi.getNew()).isEqualTo(1);

        ManagerResponse count = connection.sendAction(new MailboxCountAction("100@astreinte"));
        assertThat(count).isInstanceOf(MailboxCountResponse.class);
        assertThat(((MailboxCountResponse) count).getNewMessages()).isEqualTo(1);
    }

    @Test
    void aSimulatedVoicemailRaisesMessageWaitingOnTheFakeAmi() throws Exception {
        connection.login();
        SimulatorSettings settings = SimulatorSettings.defaults().withVoicemailListener(ami.messageWaitingOnDeposit());
        CallSpec spec = CallSpec.builder("127.0.0.1", 4573).keys("message").build();
        ChannelEmulator call = new ChannelEmulator(settings, spec, new ScriptedCaller(spec.keys(), spec.whenKeysExhausted()),
                new SimulatedVoicemailSpool(settings.spoolDir(), false), "Local/0272646172@astreinte-inbound-00000000;2", "u1");

        assertThat(call.handle(AgiCommand.parse("EXEC VoiceMail 100@astreinte,s")).lines()).containsExactly("200 result=0");
        MessageWaitingEvent mwi = await(MessageWaitingEvent.class, Duration.ofSeconds(2));
        assertThat(mwi.getMailbox()).isEqualTo("100@astreinte");
        assertThat(mwi.getNew()).isEqualTo(1);
    }

    @Test
    void rawWireBannerPlainLoginAndUnknownAction() throws Exception {
        try (java.net.Socket s = new java.net.Socket(ami.host(), ami.port())) {
            s.setSoTimeout(2000);
            java.io.InputStream in = s.getInputStream();
            java.io.OutputStream out = s.getOutputStream();
            out.write(("Action: Login\r\nActionID: l1\r\nUsername: astreinte\r\nSecret: s3cret\r\nEvents: off\r\n\r\n"
                    + "Action: Frobnicate\r\nActionID: f1\r\n\r\n"
                    + "Action: Logoff\r\nActionID: o1\r\n\r\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            String wire = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.US_ASCII);
            assertThat(wire).isEqualTo("Asterisk Call Manager/11.0.0\r\n"
                    + "Response: Success\r\nActionID: l1\r\nMessage: Authentication accepted\r\n\r\n"
                    + "Response: Error\r\nActionID: f1\r\nMessage: Invalid/unknown command\r\n\r\n"
                    + "Response: Goodbye\r\nActionID: o1\r\nMessage: Thanks for all the fish.\r\n\r\n");
        }
    }

    @Test
    void originateAnswersAndSendsOriginateResponse() throws Exception {
        connection.login();
        OriginateAction o = new OriginateAction();
        o.setChannel("Local/0272646172@astreinte-inbound");
        o.setApplication("Wait");
        o.setData("60");
        o.setAsync(true);
        o.setTimeout(30_000L);

        ResponseEvents re = connection.sendEventGeneratingAction(o, 2000);
        assertThat(re.getResponse().getResponse()).isEqualTo("Success");
        assertThat(re.getEvents()).filteredOn(OriginateResponseEvent.class::isInstance).singleElement()
                .satisfies(e -> {
                    OriginateResponseEvent ev = (OriginateResponseEvent) e;
                    assertThat(ev.getReason()).isEqualTo(4);
                    assertThat(ev.getChannel()).isEqualTo("Local/0272646172@astreinte-inbound-00000000;1");
                });
    }

    @Test
    void aPersonsPhoneRingsUntilPickedUpWithTheKeysChosen() throws Exception {
        ami.setPhones(a -> FakeAmiServer.Phone.PERSON);
        BlockingQueue<FakeAmiServer.Answered> answered = new LinkedBlockingQueue<>();
        ami.onAnswered(answered::add);
        connection.login();
        assertThat(ami.pickUp("5,1", Duration.ZERO)).as("nothing rings yet").isEmpty();
        events.clear();
        connection.sendAction(personOriginate("page-1", 30_000L), 2000);

        // Ringing, and still ringing: no outcome before someone picks up.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
        while (ami.ringing().isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(ami.ringing()).singleElement().satisfies(r -> {
            assertThat(r.uniqueId()).isEqualTo("page-1");
            assertThat(r.variables()).containsEntry("PAGE_ID", "page-1");
        });
        Thread.sleep(200);
        assertThat(events).noneMatch(OriginateResponseEvent.class::isInstance);

        assertThat(ami.pickUp("5,1", Duration.ofSeconds(1))).map(FakeAmiServer.Ringing::uniqueId).contains("page-1");
        OriginateResponseEvent outcome = await(OriginateResponseEvent.class, Duration.ofSeconds(2));
        assertThat(outcome.getResponse()).isEqualTo("Success");
        assertThat(outcome.getReason()).isEqualTo(4);
        assertThat(outcome.getUniqueId()).isEqualTo("page-1");
        FakeAmiServer.Answered call = answered.poll(2, TimeUnit.SECONDS);
        assertThat(call).isNotNull();
        assertThat(call.keys()).isEqualTo("5,1");
        assertThat(ami.ringing()).isEmpty();
    }

    @Test
    void aPersonsPhoneNobodyPicksUpRingsOutAsANoAnswer() throws Exception {
        ami.setPhones(a -> FakeAmiServer.Phone.PERSON);
        connection.login();
        events.clear();
        long t0 = System.nanoTime();
        connection.sendAction(personOriginate("page-2", 300L), 2000);

        OriginateResponseEvent outcome = await(OriginateResponseEvent.class, Duration.ofSeconds(3));
        assertThat((System.nanoTime() - t0) / 1_000_000).as("the Originate's Timeout").isGreaterThanOrEqualTo(290);
        assertThat(outcome.getResponse()).isEqualTo("Failure");
        assertThat(outcome.getReason()).isEqualTo(3);
        assertThat(ami.ringing()).isEmpty();
        assertThat(ami.pickUp("5,1", Duration.ZERO)).as("too late").isEmpty();
    }

    private static OriginateAction personOriginate(String id, long timeout) {
        OriginateAction o = new OriginateAction();
        o.setChannel("PJSIP/+33611111111@trunk-operateur");
        o.setContext("astreinte-page");
        o.setExten("s");
        o.setPriority(1);
        o.setCallerId("\"Serveurcom astreinte\" <+33272646172>");
        o.setAsync(true);
        o.setTimeout(timeout);
        o.setChannelId(id);
        o.setVariable("PAGE_ID", id);
        return o;
    }

    @Test
    void reconnectsAfterTheServerDropsTheConnection() throws Exception {
        connection.login();
        events.clear();
        ami.dropAllConnections();

        await(DisconnectEvent.class, Duration.ofSeconds(2));
        await(ConnectEvent.class, Duration.ofSeconds(3));
        assertThat(ami.loginCount()).isEqualTo(2);
        assertThat(connection.sendAction(new PingAction()).getResponse()).isEqualTo("Success");
    }

    @Test
    void aSilentServerIsDetectedWithReadTimeoutAndPing() throws Exception {
        ((DefaultManagerConnection) connection).setSocketReadTimeout(600);
        connection.login();
        PingThread ping = new PingThread(connection);
        ping.setInterval(200);
        ping.setTimeout(300);
        ping.setDaemon(true);
        ping.start();
        try {
            events.clear();
            ami.setSilent(true);
            await(DisconnectEvent.class, Duration.ofSeconds(3));
            assertThat(connection.getState()).isNotEqualTo(ManagerConnectionState.CONNECTED);

            ami.setSilent(false);
            await(ConnectEvent.class, Duration.ofSeconds(8));
            assertThat(connection.getState()).isEqualTo(ManagerConnectionState.CONNECTED);
        } finally {
            ping.die();
        }
    }
}

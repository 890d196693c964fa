package com.serveurcom.astreinte.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.serveurcom.astreinte.account.AccountStore;
import com.serveurcom.astreinte.account.NewAccount;
import com.serveurcom.astreinte.escalation.Contact;
import com.serveurcom.astreinte.oncall.OnCallMessage;
import com.serveurcom.astreinte.oncall.OnCallRegistration;
import com.serveurcom.astreinte.oncall.OnCallRequests;
import com.serveurcom.astreinte.outbox.Outbox;
import com.serveurcom.astreinte.paging.Acknowledgements;
import com.serveurcom.astreinte.paging.PagingEngine;
import com.serveurcom.astreinte.paging.PagingHealth;
import com.serveurcom.astreinte.paging.PagingLinks;
import com.serveurcom.astreinte.paging.PagingMetrics;
import com.serveurcom.astreinte.twilio.TwilioPagerAdapter;
import com.serveurcom.astreinte.twilio.TwilioVoiceScripts;
import com.serveurcom.astreinte.paging.PagingTexts;
import com.serveurcom.astreinte.rota.OnCallScope;
import com.serveurcom.astreinte.rota.PagingTimings;
import com.serveurcom.astreinte.rota.Rota;
import com.serveurcom.astreinte.rota.Rotation;
import com.serveurcom.astreinte.rota.Technician;
import com.serveurcom.astreinte.testing.MutableClock;
import com.serveurcom.astreinte.testing.TestDatabase;
import com.serveurcom.astreinte.testing.TestSla;
import com.serveurcom.astreinte.ticket.NewTicket;
import com.serveurcom.astreinte.ticket.Priority;
import com.serveurcom.astreinte.ticket.Service;
import com.serveurcom.astreinte.ticket.TicketStore;
import com.serveurcom.astreinte.twilio.FakeTwilioServer;
import com.serveurcom.astreinte.twilio.PageTwiml;
import com.serveurcom.astreinte.paging.SignedUrls;
import com.serveurcom.astreinte.twilio.TwilioHttp;
import com.serveurcom.astreinte.twilio.TwilioPager;
import com.serveurcom.astreinte.twilio.TwilioSettings;
import com.serveurcom.astreinte.twilio.TwilioWebhooks;
import com.serveurcom.astreinte.voicemail.RecordingStore;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every link a technician is given is served: the voice page is built by the real engine and posted to the
 * Twilio fake, its recording link is taken from the TwiML Twilio received, and fetched over real HTTP from
 * the server's own routes, as Twilio does when the technician answers.
 */
class VoicePageLinksTest {
  @RegisterExtension static final TestDatabase db = new TestDatabase();
  static final String SID = "AC" + "0".repeat(31) + "7";
  static final String TOKEN = "twilio-token-voice-page-links";
  static final byte[] SECRET = "0123456789abcdef0123456789abcdef-signing".getBytes(StandardCharsets.US_ASCII);
  static final Technician ALICE = new Technician("alice", "Alice Martin", "+33611111111");

  @TempDir Path data;

  @Test
  void theRecordingLinkOfAVoicePageIsServed() throws Exception {
    MutableClock clock = new MutableClock(Instant.parse("2026-01-10T22:00:00Z"));
    RecordingStore recordings = new RecordingStore(data.resolve("recordings"), db.database());
    SignedUrls signed = new SignedUrls(SECRET, clock);
    Router router = new Router();
    try (FakeTwilioServer fake = FakeTwilioServer.start(SID, TOKEN)) {
      HttpServer server = new HttpServer(router, new JsonBodies(), new BearerToken("api"), 64 * 1024, 2);
      URI base;
      try {
        base = URI.create("http://127.0.0.1:" + server.start(new InetSocketAddress("127.0.0.1", 0)).getPort());
        TwilioSettings settings = new TwilioSettings(SID, TOKEN, "+33700000000", fake.baseUri(), base);
        Rota rota = new Rota(List.of(ALICE), new Rotation(List.of("alice"), DayOfWeek.MONDAY, LocalTime.of(8, 30),
            LocalDate.of(2026, 1, 5), ZoneId.of("Europe/Paris")), List.of(), List.of(),
            new Contact("Chef", "+33699999999", null), PagingTimings.seed(), OnCallScope.defaults());
        Outbox outbox = new Outbox(db.database());
        TicketStore tickets = new TicketStore(db.database(), TestSla.TWENTY_FOUR_SEVEN, clock);
        PagingLinks links = PagingLinks.of(base, Optional.of(signed));
        PagingMetrics metrics = new PagingMetrics(new SimpleMeterRegistry());
        Acknowledgements acks = new Acknowledgements(db.database(), outbox, tickets, () -> rota, () -> ShippedTexts.TEXTS, links, metrics, clock,
            () -> { });
        new TwilioRoutes(new TwilioWebhooks(Optional.of(TOKEN), acks, new PageTwiml(() -> ShippedTexts.TEXTS)), Optional.of(base),
            Optional.of(signed), recordings).register(router);
        try (TwilioHttp http = new TwilioHttp(fake.baseUri());
            PagingEngine engine = new PagingEngine(db.database(), outbox, () -> rota, () -> ShippedTexts.TEXTS,
                new TwilioPagerAdapter(new TwilioPager(settings, http), settings),
                new TwilioVoiceScripts(new PageTwiml(() -> ShippedTexts.TEXTS), base), links, metrics,
                PagingHealth.NONE, PagingEngine.Settings.defaults("links"))) {
          long account = new AccountStore(db.database(), clock)
              .create(new NewAccount("Liens SA", true, Set.of(Service.TECHNICAL), List.of())).id();
          String n = tickets.create(new NewTicket(account, Service.TECHNICAL, "panne", Priority.HIGH, "Serveur arrêté",
              null, "Jean", null, "+33655555555"), "test").number();
          String messageFile = "/var/spool/asterisk/voicemail/astreinte/100/INBOX/msg0000";
          OnCallRegistration reg = new OnCallRequests(db.database()).register(new OnCallMessage(n, "+33655555555",
              "+33655555555", messageFile, "call-links-" + n, clock.instant()));

          // The page leaves before the call's claim copied the message: the link names the request's 1st message.
          engine.runOnce(clock.instant());
          List<String> plays = plays(fake);
          assertThat(plays).singleElement().satisfies(link -> assertThat(link).startsWith(base + "/recordings/" + n + "/1?"));
          URI link = URI.create(plays.get(0));

          // The claim stores the audio (as VoicemailIntake does), then Twilio fetches the link.
          byte[] audio = "RIFF-message-du-client-WAVE".getBytes(StandardCharsets.US_ASCII);
          Path stored = recordings.store("1768082400-00000000", Files.write(data.resolve("in.wav"), audio));
          db.database().dsl().execute("insert into voicemail_message (msg_id, mailbox, message_file, call_id, "
              + "oncall_request_id, ticket_number, recorded_at, duration_seconds, stored_path, paged, created_at) "
              + "values (?, '100@astreinte', ?, ?, ?, ?, ?::timestamptz, 12, ?, true, ?::timestamptz)",
              "1768082400-00000000", messageFile, "call-links-" + n, reg.requestId(), n, clock.instant().toString(),
              stored.toString(), clock.instant().toString());
          var fetched = HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(link).GET().build(),
              BodyHandlers.ofByteArray());
          assertThat(fetched.statusCode()).as("the link Twilio plays is served").isEqualTo(200);
          assertThat(fetched.headers().firstValue("content-type")).contains("audio/wav");
          assertThat(fetched.body()).isEqualTo(audio);

          // A later page of the same request now links the stored file itself, and that link is served too.
          fake.reset();
          clock.advance(java.time.Duration.ofMinutes(5));
          engine.runOnce(clock.instant());
          List<String> again = plays(fake);
          assertThat(again).singleElement().satisfies(l -> assertThat(l).contains("/recordings/1768082400-00000000.wav?"));
          assertThat(HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(URI.create(again.get(0)))
              .GET().build(), BodyHandlers.ofByteArray()).statusCode()).isEqualTo(200);
          // A link of another request, or tampered with, is not served.
          assertThat(HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
              URI.create(link.toString().replace("/1?", "/2?"))).GET().build(), BodyHandlers.ofByteArray())
              .statusCode()).isEqualTo(403);
        }
      } finally {
        server.close();
      }
    }
  }

  /** The {@code <Play>} URLs of the calls Twilio was asked to place. */
  static List<String> plays(FakeTwilioServer fake) {
    List<String> out = new ArrayList<>();
    Matcher m = Pattern.compile("<Play>([^<]+)</Play>").matcher("");
    fake.requests().stream().filter(r -> r.path().endsWith("/Calls.json") && r.method().equals("POST"))
        .forEach(r -> {
          m.reset(r.param("Twiml"));
          while (m.find()) {
            out.add(m.group(1).replace("&amp;", "&"));
          }
        });
    return out;
  }
}

package com.serveurcom.astreinte.http;

import com.serveurcom.astreinte.account.AccountStore;
import com.serveurcom.astreinte.account.NewAccount;
import com.serveurcom.astreinte.database.Database;
import com.serveurcom.astreinte.escalation.Contact;
import com.serveurcom.astreinte.oncall.OnCallMessage;
import com.serveurcom.astreinte.oncall.OnCallRequests;
import com.serveurcom.astreinte.outbox.Outbox;
import com.serveurcom.astreinte.paging.Acknowledgements;
import com.serveurcom.astreinte.paging.LogPager;
import com.serveurcom.astreinte.paging.PageLog;
import com.serveurcom.astreinte.paging.PagingEngine;
import com.serveurcom.astreinte.paging.PagingHealth;
import com.serveurcom.astreinte.paging.PagingLinks;
import com.serveurcom.astreinte.paging.PagingMetrics;
import com.serveurcom.astreinte.rota.OnCallScope;
import com.serveurcom.astreinte.rota.PagingTimings;
import com.serveurcom.astreinte.rota.Rota;
import com.serveurcom.astreinte.rota.Rotation;
import com.serveurcom.astreinte.rota.Technician;
import com.serveurcom.astreinte.testing.MutableClock;
import com.serveurcom.astreinte.testing.TestSla;
import com.serveurcom.astreinte.ticket.NewTicket;
import com.serveurcom.astreinte.ticket.Priority;
import com.serveurcom.astreinte.ticket.Service;
import com.serveurcom.astreinte.ticket.TicketStore;
import com.serveurcom.astreinte.twilio.PageTwiml;
import com.serveurcom.astreinte.twilio.TwilioVoiceScripts;
import com.serveurcom.astreinte.paging.PagingTexts;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** An HTTP server with the paging routes (OnCallApi, SentMessagesApi) and the tickets' (TicketApi) over a test database, paging through LogPager. */
public final class PagingTestServer implements AutoCloseable {
  public static final Technician ALICE = new Technician("alice", "Alice Martin", "+33611111111");
  public static final String TOKEN = "api-test-token";

  public final MutableClock clock = new MutableClock(Instant.parse("2026-01-10T22:00:00Z"));
  public final TicketStore tickets;
  public final OnCallRequests requests;
  public final PagingEngine engine;
  public final URI base;
  private final long accountId;
  private final HttpServer server;

  public PagingTestServer(Database database, String accountName) throws InterruptedException {
    Rota rota = new Rota(List.of(ALICE), new Rotation(List.of("alice"), DayOfWeek.MONDAY, LocalTime.of(8, 30),
        LocalDate.of(2026, 1, 5), ZoneId.of("Europe/Paris")), List.of(), List.of(),
        new Contact("Chef", "+33699999999", null), PagingTimings.seed(), OnCallScope.defaults());
    Outbox outbox = new Outbox(database);
    tickets = new TicketStore(database, TestSla.TWENTY_FOUR_SEVEN, clock);
    requests = new OnCallRequests(database);
    accountId = new AccountStore(database, clock)
        .create(new NewAccount(accountName, true, Set.of(Service.TECHNICAL), List.of())).id();
    PagingMetrics metrics = new PagingMetrics(new SimpleMeterRegistry());
    PagingLinks links = PagingLinks.of(URI.create("https://astreinte.example.com"), Optional.empty());
    engine = new PagingEngine(database, outbox, () -> rota, () -> ShippedTexts.TEXTS, new LogPager(),
        new TwilioVoiceScripts(new PageTwiml(() -> ShippedTexts.TEXTS), links.publicBase()), links, metrics,
        PagingHealth.NONE, PagingEngine.Settings.defaults("api-test"));
    Acknowledgements acks = new Acknowledgements(database, outbox, tickets, () -> rota, () -> ShippedTexts.TEXTS, links, metrics, clock, () -> { });
    JsonBodies json = new JsonBodies();
    Router router = new Router();
    new OnCallApi(acks, json).register(router);
    new SentMessagesApi(new PageLog(database), new com.serveurcom.astreinte.mail.MailLog(database), json).register(router);
    new MailResendApi(new com.serveurcom.astreinte.mail.MailResends(database), json, java.time.Clock.systemUTC())
        .register(router);
    // The command line reads the ticket to say who already took charge of a request, and when.
    new TicketApi(tickets, new com.serveurcom.astreinte.oncall.OnCallEligibility(database,
        com.serveurcom.astreinte.oncall.OnCallRules.defaults()), json, clock,
        () -> com.serveurcom.astreinte.escalation.EscalationMatrix.seed(java.util.Map.of())).register(router);
    server = new HttpServer(router, json, new BearerToken(TOKEN), 64 * 1024, 2);
    InetSocketAddress a = server.start(new InetSocketAddress("127.0.0.1", 0));
    base = URI.create("http://127.0.0.1:" + a.getPort());
  }

  /** A high-priority ticket with an on-call request, paged once. @return its number */
  public String pagedRequest() {
    String n = tickets.create(new NewTicket(accountId, Service.TECHNICAL, "panne", Priority.HIGH, "Serveur arrêté",
        null, "Jean", null, "+33655555555"), "test").number();
    requests.register(new OnCallMessage(n, "+33655555555", "+33655555555", "/spool/m-" + n, "call-" + n,
        clock.instant()));
    engine.runOnce(clock.instant());
    return n;
  }

  @Override
  public void close() {
    server.close();
    engine.close();
  }
}

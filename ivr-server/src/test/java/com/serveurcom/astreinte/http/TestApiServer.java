package com.serveurcom.astreinte.http;

import com.serveurcom.astreinte.account.AccountStore;
import com.serveurcom.astreinte.database.Database;
import com.serveurcom.astreinte.oncall.OnCallEligibility;
import com.serveurcom.astreinte.oncall.OnCallRules;
import com.serveurcom.astreinte.ticket.SlaPolicy;
import com.serveurcom.astreinte.ticket.TicketStore;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;

/** The real API on the real Netty server, on an ephemeral loopback port, wired as the composition root would. */
public final class TestApiServer implements AutoCloseable {
  public static final String TOKEN = "test-token-0123456789";

  public final AccountStore accounts;
  public final TicketStore tickets;
  public final String base;
  private final HttpServer server;
  private final HealthApi health;

  public TestApiServer(Database database, SlaPolicy sla, Clock clock, int maxBodyBytes, int workers)
      throws InterruptedException {
    JsonBodies json = new JsonBodies();
    accounts = new AccountStore(database, clock);
    tickets = new TicketStore(database, sla, clock);
    Router router = new Router();
    health = new HealthApi(database.dataSource(), Duration.ofSeconds(1), json);
    health.register(router);
    new AccountApi(accounts, json).register(router);
    new TicketApi(tickets, new OnCallEligibility(database, OnCallRules.defaults()), json, clock,
        () -> com.serveurcom.astreinte.escalation.EscalationMatrix.seed(java.util.Map.of())).register(router);
    server = new HttpServer(router, json, new BearerToken(TOKEN), maxBodyBytes, workers);
    InetSocketAddress a = server.start(new InetSocketAddress("127.0.0.1", 0));
    base = "http://127.0.0.1:" + a.getPort();
  }

  @Override
  public void close() {
    server.close();
    health.close();
  }
}

package com.serveurcom.astreinte.call;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ConnectException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class DatabaseOutageWindowTest {

  @Test
  void anUnreachableDatabaseOpensTheWindow() {
    DatabaseOutage outage = new DatabaseOutage(10, TimeUnit.SECONDS);
    assertThat(outage.suspected()).isFalse();
    // What Hikari throws when PostgreSQL refuses connections: the driver's 08001 as the cause.
    outage.failed(new IllegalStateException(new SQLTransientConnectionException("pool - timed out", "08001",
        new SQLException("Connection refused", "08001"))));
    assertThat(outage.suspected()).isTrue();
  }

  @Test
  void aRefusedSocketOpensItToo() {
    DatabaseOutage outage = new DatabaseOutage(10, TimeUnit.SECONDS);
    outage.failed(new RuntimeException(new ConnectException("Connection refused")));
    assertThat(outage.suspected()).isTrue();
  }

  @Test
  void aBusyPoolOrAFailedStatementIsNotAnOutage() {
    DatabaseOutage outage = new DatabaseOutage(10, TimeUnit.SECONDS);
    outage.failed(new SQLTransientConnectionException("pool - Connection is not available, request timed out"));
    outage.failed(new RuntimeException(new SQLException("duplicate key", "23505")));
    assertThat(outage.suspected()).isFalse();
  }

  @Test
  void theWindowCloses() throws Exception {
    DatabaseOutage outage = new DatabaseOutage(50, TimeUnit.MILLISECONDS);
    outage.failed(new ConnectException("refused"));
    assertThat(outage.suspected()).isTrue();
    Thread.sleep(80);
    assertThat(outage.suspected()).isFalse();
  }
}

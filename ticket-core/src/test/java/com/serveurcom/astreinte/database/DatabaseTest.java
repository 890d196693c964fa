package com.serveurcom.astreinte.database;

import static com.serveurcom.astreinte.database.generated.Tables.ACCOUNT;
import static com.serveurcom.astreinte.database.generated.Tables.AUDIT_LOG;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.serveurcom.astreinte.testing.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jooq.exception.DataAccessException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

class DatabaseTest {
  @RegisterExtension static final TestDatabase db = new TestDatabase();

  @Test
  void embeddedDatabaseKeepsItsDataAcrossARestart(@TempDir Path dir) throws Exception {
    Path data = dir.resolve("data");
    try (Database first = Database.start(DatabaseConfig.embedded(data))) {
      first.dsl().insertInto(ACCOUNT).set(ACCOUNT.NAME, "Restart SARL").execute();
    }
    assertThat(data.resolve("postgresql.conf")).exists();
    int port;
    try (java.net.ServerSocket free = new java.net.ServerSocket(0)) {
      port = free.getLocalPort();
    }
    try (Database second = Database.start(DatabaseConfig.embedded(data).withEmbeddedPort(port))) {
      assertThat(second.dsl().fetchExists(ACCOUNT, ACCOUNT.NAME.eq("Restart SARL"))).isTrue();
      assertThat(second.embeddedPort()).isEqualTo(port);
    }
    assertThat(Files.list(data).count()).isPositive();
  }

  @Test
  void aFailureInsideATransactionRollsTheWholeChangeBack() {
    Database database = db.database();
    assertThatThrownBy(() -> database.transaction(tx -> {
      tx.insertInto(ACCOUNT).set(ACCOUNT.NAME, "Rollback SA").execute();
      tx.insertInto(ACCOUNT).set(ACCOUNT.NAME, "Rollback SA 2").execute();
      throw new IllegalStateException("boom");
    })).isInstanceOf(IllegalStateException.class).hasMessage("boom");
    assertThat(database.dsl().fetchExists(ACCOUNT, ACCOUNT.NAME.like("Rollback SA%"))).isFalse();

    // A constraint violation in the middle also undoes the earlier statements.
    assertThatThrownBy(() -> database.transaction(tx -> {
      tx.insertInto(ACCOUNT).set(ACCOUNT.NAME, "Rollback SA 3").execute();
      tx.insertInto(ACCOUNT).set(ACCOUNT.NAME, "Rollback SA 3").execute();
    })).isInstanceOf(DataAccessException.class);
    assertThat(database.dsl().fetchExists(ACCOUNT, ACCOUNT.NAME.like("Rollback SA%"))).isFalse();

    int id = database.transactionResult(tx -> tx.insertInto(ACCOUNT).set(ACCOUNT.NAME, "Commit SA")
        .returning(ACCOUNT.ID).fetchOne(ACCOUNT.ID).intValue());
    assertThat(id).isPositive();
    assertThat(database.dsl().fetchExists(ACCOUNT, ACCOUNT.NAME.eq("Commit SA"))).isTrue();
  }

  @Test
  void auditLogIsAppendOnly() {
    Database database = db.database();
    database.dsl().insertInto(AUDIT_LOG).set(AUDIT_LOG.AT, OffsetDateTime.now()).set(AUDIT_LOG.ACTOR, "admin")
        .set(AUDIT_LOG.KIND, "config_reload").set(AUDIT_LOG.DETAILS, org.jooq.JSONB.valueOf("{\"file\": \"hours.yaml\"}"))
        .execute();
    assertThatThrownBy(() -> database.dsl().update(AUDIT_LOG).set(AUDIT_LOG.ACTOR, "x").execute())
        .hasMessageContaining("append-only");
    assertThatThrownBy(() -> database.dsl().deleteFrom(AUDIT_LOG).execute()).hasMessageContaining("append-only");
    assertThatThrownBy(() -> database.dsl().truncate(AUDIT_LOG).execute()).hasMessageContaining("append-only");
    assertThat(database.dsl().fetchCount(AUDIT_LOG)).isEqualTo(1);
  }

  @Test
  void anUnreachableDatabaseIsRetriedWithBoundedBackoffThenReportedClearly() {
    DatabaseConfig config = DatabaseConfig.external("jdbc:postgresql://127.0.0.1:1/astreinte", "astreinte", "s3cret")
        .withRetries(4, Duration.ofMillis(10), Duration.ofMillis(25));
    List<Duration> sleeps = new ArrayList<>();
    assertThatThrownBy(() -> Database.start(config, sleeps::add))
        .isInstanceOf(DatabaseUnavailableException.class)
        .hasMessageContaining("jdbc:postgresql://127.0.0.1:1/astreinte")
        .hasMessageContaining("après 4 essai(s)")
        .hasMessageContaining("ASTREINTE_DB_URL")
        .message().doesNotContain("s3cret");
    assertThat(sleeps).containsExactly(Duration.ofMillis(10), Duration.ofMillis(20), Duration.ofMillis(25));
  }

  @Test
  void configurationComesFromTheGivenEnvironment(@TempDir Path dir) {
    DatabaseConfig embedded = DatabaseConfig.of(null, null, null, dir);
    assertThat(embedded.isEmbedded()).isTrue();
    assertThat(embedded.dataDirectory()).isEqualTo(dir);

    DatabaseConfig external = DatabaseConfig.of("jdbc:postgresql://db:5432/astreinte", "astreinte", "s3cret", dir);
    assertThat(external.isEmbedded()).isFalse();
    assertThat(external.user()).isEqualTo("astreinte");
    assertThat(external.password()).isEqualTo("s3cret");
    assertThat(external.toString()).contains("jdbc:postgresql://db:5432/astreinte").doesNotContain("s3cret");
  }

}

package com.serveurcom.astreinte.database;

import static com.serveurcom.astreinte.database.generated.Tables.AUDIT_LOG;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.serveurcom.astreinte.testing.TestDatabase;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class PrerenderedQueryTest {
  @RegisterExtension static final TestDatabase db = new TestDatabase();

  @Test
  void valuesLandWhereTheirNamesSayAndRowsReadThroughTheGeneratedFields() {
    var dsl = db.database().dsl();
    PrerenderedQuery insert = new PrerenderedQuery(dsl.insertInto(AUDIT_LOG)
        .set(AUDIT_LOG.AT, DSL.param("at", AUDIT_LOG.AT))
        .set(AUDIT_LOG.ACTOR, DSL.param("actor", AUDIT_LOG.ACTOR))
        .set(AUDIT_LOG.KIND, DSL.inline("prerendered_test"))
        .set(AUDIT_LOG.DETAILS, DSL.param("details", AUDIT_LOG.DETAILS)),
        "at", "actor", "details");
    OffsetDateTime at = OffsetDateTime.of(2026, 11, 28, 2, 0, 0, 0, ZoneOffset.UTC);
    assertThat(insert.execute(dsl, at, "alice", org.jooq.JSONB.valueOf("{\"n\": 1}"))).isEqualTo(1);
    assertThat(insert.execute(dsl, at.plusHours(1), "bob", org.jooq.JSONB.valueOf("{\"n\": 2}"))).isEqualTo(1);

    PrerenderedQuery select = new PrerenderedQuery(dsl.select(AUDIT_LOG.ACTOR, AUDIT_LOG.AT, AUDIT_LOG.DETAILS)
        .from(AUDIT_LOG).where(AUDIT_LOG.KIND.eq(DSL.inline("prerendered_test")))
        .and(AUDIT_LOG.AT.ge(DSL.param("from", AUDIT_LOG.AT))).orderBy(AUDIT_LOG.AT), "from");
    var rows = select.fetch(dsl, at.plusMinutes(30));
    assertThat(rows).hasSize(1);
    assertThat(rows.get(0).get(AUDIT_LOG.ACTOR)).isEqualTo("bob");
    assertThat(rows.get(0).get(AUDIT_LOG.AT).toInstant()).isEqualTo(at.plusHours(1).toInstant());
    assertThat(rows.get(0).get(AUDIT_LOG.DETAILS).data()).contains("\"n\": 2");
  }

  @Test
  void aStatementWhoseValuesAreNotAllNamedFailsAtOnce() {
    var dsl = db.database().dsl();
    assertThatThrownBy(() -> new PrerenderedQuery(dsl.update(AUDIT_LOG).set(AUDIT_LOG.ACTOR, "x")
        .where(AUDIT_LOG.ID.eq(DSL.param("id", AUDIT_LOG.ID))), "id"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("pas [id]");
    assertThatThrownBy(() -> new PrerenderedQuery(dsl.update(AUDIT_LOG)
        .set(AUDIT_LOG.ACTOR, DSL.param("actor", AUDIT_LOG.ACTOR))
        .where(AUDIT_LOG.ID.eq(DSL.param("id", AUDIT_LOG.ID))), "id", "actor"))
        .isInstanceOf(IllegalArgumentException.class);
    PrerenderedQuery ok = new PrerenderedQuery(dsl.update(AUDIT_LOG)
        .set(AUDIT_LOG.ACTOR, DSL.param("actor", AUDIT_LOG.ACTOR))
        .where(AUDIT_LOG.ID.eq(DSL.param("id", AUDIT_LOG.ID))), "actor", "id");
    assertThatThrownBy(() -> ok.execute(dsl, "x")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("2 valeur(s) attendue(s)");
  }
}

package com.serveurcom.astreinte.database;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jooq.DSLContext;
import org.jooq.DataType;
import org.jooq.Field;
import org.jooq.JSONB;
import org.jooq.Param;
import org.jooq.Query;
import org.jooq.Record;
import org.jooq.Result;
import org.jooq.Select;
import org.jooq.conf.ParamType;

/**
 * A jOOQ statement rendered to SQL once and then run many times with new values. In the profiles of
 * the paging engine under a burst of pages, building and rendering statements was a larger share of
 * the CPU than the database's own work, so statements on such paths are built here at start-up,
 * still type-checked against the generated schema.
 *
 * <p>Every value of the statement must be a named {@code DSL.param} (constants {@code DSL.inline}),
 * each used once; values are then given in the order of {@code names}, which the constructor checks
 * against the rendered SQL, so a statement whose values would land in the wrong place fails at
 * start-up, not on a page.
 */
public final class PrerenderedQuery {
  private final String sql;
  private final DataType<?>[] types;
  /** A select's columns, so that its rows read through the generated fields; null otherwise. */
  private final Field<?>[] fields;

  public PrerenderedQuery(Query query, String... names) {
    Map<String, Param<?>> params = new LinkedHashMap<>(query.getParams());
    params.values().removeIf(Param::isInline);
    if (!List.copyOf(params.keySet()).equals(List.of(names)) || query.getBindValues().size() != names.length) {
      throw new IllegalArgumentException("les valeurs de la requête sont " + params.keySet() + " ("
          + query.getBindValues().size() + " dans le SQL), pas " + List.of(names) + " : " + query.getSQL());
    }
    this.sql = query.getSQL(ParamType.INDEXED);
    this.types = params.values().stream().map(Param::getDataType).toArray(DataType<?>[]::new);
    this.fields = query instanceof Select<?> select ? select.getSelect().toArray(Field<?>[]::new) : null;
  }

  /** Runs an insert, update or delete. @return the rows changed */
  public int execute(DSLContext ctx, Object... values) {
    return ctx.connectionResult(c -> {
      try (PreparedStatement s = c.prepareStatement(sql)) {
        bind(s, values);
        return s.executeUpdate();
      }
    });
  }

  /** Runs a query, or a statement with {@code RETURNING}. */
  public Result<Record> fetch(DSLContext ctx, Object... values) {
    return ctx.connectionResult(c -> {
      try (PreparedStatement s = c.prepareStatement(sql)) {
        bind(s, values);
        try (ResultSet rows = s.executeQuery()) {
          return fields == null ? ctx.fetch(rows) : ctx.fetch(rows, fields);
        }
      }
    });
  }

  /**
   * Straight to JDBC: jOOQ's plain-SQL execution still parses the statement and builds an execution
   * context each time, which the profile showed costing as much as the query. The rendered SQL
   * carries the casts PostgreSQL needs (jsonb, timestamptz), so values bind as text or objects.
   */
  private void bind(PreparedStatement s, Object[] values) throws SQLException {
    if (values.length != types.length) {
      throw new IllegalArgumentException(types.length + " valeur(s) attendue(s), " + values.length + " reçue(s)");
    }
    for (int i = 0; i < values.length; i++) {
      Object v = values[i];
      if (v == null) {
        s.setNull(i + 1, types[i].getSQLType());
      } else if (v instanceof JSONB json) {
        s.setString(i + 1, json.data());
      } else {
        s.setObject(i + 1, v);
      }
    }
  }
}

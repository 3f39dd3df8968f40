package dev.omnipost.gateway.db;

import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.r2dbc.core.DatabaseClient;

/**
 * A SELECT assembled from optional filters, with its named parameters kept next to the text that
 * uses them, so list endpoints can add {@code AND ...} clauses without juggling binds.
 */
public final class SqlQuery {

  private final StringBuilder sql;
  private final Map<String, Object> parameters = new LinkedHashMap<>();

  public SqlQuery(String sql) {
    this.sql = new StringBuilder(sql);
  }

  /** Appends {@code clause}; {@code parameter} and {@code value} are bound when it is run. */
  public SqlQuery and(String clause, String parameter, Object value) {
    sql.append(" AND ").append(clause);
    parameters.put(parameter, value);
    return this;
  }

  public SqlQuery append(String text) {
    sql.append(' ').append(text);
    return this;
  }

  public SqlQuery bind(String parameter, Object value) {
    parameters.put(parameter, value);
    return this;
  }

  public DatabaseClient.GenericExecuteSpec on(DatabaseClient db) {
    DatabaseClient.GenericExecuteSpec spec = db.sql(sql.toString());
    for (Map.Entry<String, Object> parameter : parameters.entrySet()) {
      spec = spec.bind(parameter.getKey(), parameter.getValue());
    }
    return spec;
  }

  @Override
  public String toString() {
    return sql.toString();
  }
}

package dev.omnipost.publisher.exports;

import dev.omnipost.events.CloudEventCodec;
import dev.omnipost.events.exports.ExportCompleted;
import dev.omnipost.events.exports.ExportFailed;
import dev.omnipost.persistence.exports.ExportFiles;
import dev.omnipost.persistence.outbox.JdbcOutbox;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.BufferedOutputStream;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Runs one export: claims the oldest pending one (or one whose lease ran out) with {@code FOR
 * UPDATE SKIP LOCKED}, streams its rows from a server-side cursor ({@code fetch-size} at a time, in
 * a read-only transaction) through a {@link ExportWriter} into {@code <file>.part}, moves it into
 * place, and settles the row as {@code completed} with {@code export.completed}, or {@code failed}
 * with {@code export.failed}, in one transaction with the event.
 */
public class ExportRunner {

  private static final Logger log = LoggerFactory.getLogger(ExportRunner.class);

  private static final String CLAIM =
      """
      UPDATE exports SET status = 'running', attempts = attempts + 1,
        lease_until = now() + make_interval(secs => :lease), started_at = COALESCE(started_at, now())
      WHERE id = (SELECT id FROM exports
                  WHERE status = 'pending' OR (status = 'running' AND lease_until < now())
                  ORDER BY created_at LIMIT 1 FOR UPDATE SKIP LOCKED)
      RETURNING id, workspace_id, type, format, period, period_from, period_to, account_id,
                brand_ids
      """;

  record Claimed(
      String id,
      String workspaceId,
      String type,
      String format,
      String period,
      Timestamp from,
      Timestamp to,
      String accountId,
      String[] brandIds) {}

  private final JdbcClient jdbc;
  private final NamedParameterJdbcTemplate streaming;
  private final TransactionTemplate transactions;
  private final TransactionTemplate readOnly;
  private final JdbcOutbox outbox;
  private final CloudEventCodec codec;
  private final ExportRunnerProperties properties;
  private final MeterRegistry meters;

  public ExportRunner(
      JdbcClient jdbc,
      DataSource dataSource,
      TransactionTemplate transactions,
      JdbcOutbox outbox,
      CloudEventCodec codec,
      ExportRunnerProperties properties,
      MeterRegistry meters) {
    this.jdbc = jdbc;
    JdbcTemplate template = new JdbcTemplate(dataSource);
    template.setFetchSize(properties.fetchSize());
    this.streaming = new NamedParameterJdbcTemplate(template);
    this.transactions = transactions;
    this.readOnly = new TransactionTemplate(transactions.getTransactionManager());
    this.readOnly.setReadOnly(true);
    this.outbox = outbox;
    this.codec = codec;
    this.properties = properties;
    this.meters = meters;
  }

  /** Claims and runs one export; answers whether there was one. */
  public boolean runNext() {
    Optional<Claimed> claimed =
        transactions.execute(
            status ->
                jdbc.sql(CLAIM)
                    .param("lease", properties.lease().toSeconds())
                    .query(ExportRunner::claimed)
                    .optional());
    if (claimed == null || claimed.isEmpty()) {
      return false;
    }
    run(claimed.get());
    return true;
  }

  private void run(Claimed export) {
    Path file =
        ExportFiles.path(properties.dir(), export.workspaceId(), export.id(), export.format());
    Path part = file.resolveSibling(file.getFileName() + ".part");
    try {
      Files.createDirectories(file.getParent());
      long rows = write(export, part);
      Files.move(part, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      completed(export, file, rows);
    } catch (IOException | RuntimeException e) {
      log.warn("Export {} failed: {}", export.id(), e.toString());
      try {
        Files.deleteIfExists(part);
      } catch (IOException ignored) {
        // the next run of the same export replaces it
      }
      failed(export, e);
    }
  }

  private long write(Claimed export, Path part) throws IOException {
    MapSqlParameterSource parameters =
        new MapSqlParameterSource()
            .addValue("ws", export.workspaceId())
            .addValue("from", export.from())
            .addValue("to", export.to())
            .addValue("account", export.accountId())
            .addValue("brands", export.brandIds());
    try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(part), 64 * 1024);
        ExportWriter writer = writer(export.format(), out)) {
      long[] rows = {0};
      readOnly.executeWithoutResult(
          status ->
              streaming.query(
                  ExportQueries.sql(export.type()),
                  parameters,
                  rs -> {
                    try {
                      if (rows[0] == 0) {
                        writer.header(columns(rs.getMetaData()));
                      }
                      writer.row(values(rs));
                      rows[0]++;
                    } catch (IOException e) {
                      throw new UncheckedIOException(e);
                    }
                  }));
      if (rows[0] == 0) {
        writer.header(emptyColumns(export.type()));
      }
      return rows[0];
    }
  }

  private static ExportWriter writer(String format, OutputStream out) {
    return "json".equals(format)
        ? new JsonExportWriter(out)
        : new CsvExportWriter(
            new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8)));
  }

  /** The header of an export without rows: the query's columns, read from a plan-only run. */
  private List<String> emptyColumns(String type) {
    return readOnly.execute(
        status ->
            streaming.query(
                "SELECT * FROM (" + ExportQueries.sql(type) + ") q LIMIT 0",
                new MapSqlParameterSource()
                    .addValue("ws", "")
                    .addValue("from", new Timestamp(0))
                    .addValue("to", new Timestamp(0))
                    .addValue("account", null)
                    .addValue("brands", new String[0]),
                rs -> {
                  return columns(rs.getMetaData());
                }));
  }

  private static List<String> columns(ResultSetMetaData meta) throws SQLException {
    List<String> columns = new ArrayList<>();
    for (int i = 1; i <= meta.getColumnCount(); i++) {
      columns.add(meta.getColumnLabel(i));
    }
    return columns;
  }

  private static Object[] values(ResultSet rs) throws SQLException {
    int count = rs.getMetaData().getColumnCount();
    Object[] values = new Object[count];
    for (int i = 1; i <= count; i++) {
      Object value = rs.getObject(i);
      if (value instanceof Timestamp time) {
        values[i - 1] = time.toInstant().toString();
      } else if (value instanceof java.sql.Date date) {
        values[i - 1] = date.toLocalDate().toString();
      } else if (value == null || value instanceof Number || value instanceof Boolean) {
        values[i - 1] = value;
      } else {
        values[i - 1] = value.toString();
      }
    }
    return values;
  }

  private void completed(Claimed export, Path file, long rows) throws IOException {
    long size = Files.size(file);
    transactions.executeWithoutResult(
        status -> {
          int settled =
              jdbc.sql(
                      """
                      UPDATE exports SET status = 'completed', row_count = :rows, size_bytes = :size,
                        file_name = :file, completed_at = now(), lease_until = NULL,
                        expires_at = now() + make_interval(secs => :retention)
                      WHERE id = :id AND status = 'running'
                      """)
                  .param("rows", rows)
                  .param("size", size)
                  .param("file", file.getFileName().toString())
                  .param("retention", properties.retention().toSeconds())
                  .param("id", export.id())
                  .update();
          if (settled == 1) {
            outbox.publishEvent(
                codec.wrap(
                    new ExportCompleted(
                        export.id(), export.type(), export.format(), export.period(), rows, size),
                    export.workspaceId(),
                    export.id()));
          }
        });
    count(export, "completed");
  }

  private void failed(Claimed export, Exception cause) {
    String message =
        cause instanceof IOException || cause instanceof UncheckedIOException
            ? "The export's file could not be written"
            : "The export's rows could not be read";
    transactions.executeWithoutResult(
        status -> {
          int settled =
              jdbc.sql(
                      """
                      UPDATE exports SET status = 'failed', error_code = 'export.write_failed',
                        error_message = :message, completed_at = now(), lease_until = NULL
                      WHERE id = :id AND status = 'running'
                      """)
                  .param("message", message)
                  .param("id", export.id())
                  .update();
          if (settled == 1) {
            outbox.publishEvent(
                codec.wrap(
                    new ExportFailed(
                        export.id(),
                        export.type(),
                        export.format(),
                        "export.write_failed",
                        message),
                    export.workspaceId(),
                    export.id()));
          }
        });
    count(export, "failed");
  }

  /** Deletes the files of exports past their retention; answers how many. */
  public int deleteExpired() {
    List<Claimed> expired =
        transactions.execute(
            status ->
                jdbc.sql(
                        """
                        UPDATE exports SET file_name = NULL
                        WHERE id IN (SELECT id FROM exports WHERE status = 'completed'
                                       AND file_name IS NOT NULL AND expires_at < now()
                                     LIMIT 100 FOR UPDATE SKIP LOCKED)
                        RETURNING id, workspace_id, type, format, period, period_from, period_to,
                                  account_id, brand_ids
                        """)
                    .query(ExportRunner::claimed)
                    .list());
    if (expired == null) {
      return 0;
    }
    for (Claimed export : expired) {
      try {
        Files.deleteIfExists(
            ExportFiles.path(properties.dir(), export.workspaceId(), export.id(), export.format()));
      } catch (IOException e) {
        log.info("Expired export file {} not deleted: {}", export.id(), e.toString());
      }
    }
    return expired.size();
  }

  private void count(Claimed export, String outcome) {
    Counter.builder("omnipost.publisher.exports")
        .description("Exports run, by type, format and outcome")
        .tag("type", export.type())
        .tag("format", export.format())
        .tag("outcome", outcome)
        .register(meters)
        .increment();
  }

  private static Claimed claimed(ResultSet rs, int row) throws SQLException {
    Array brands = rs.getArray("brand_ids");
    return new Claimed(
        rs.getString("id"),
        rs.getString("workspace_id"),
        rs.getString("type"),
        rs.getString("format"),
        rs.getString("period"),
        rs.getTimestamp("period_from"),
        rs.getTimestamp("period_to"),
        rs.getString("account_id"),
        brands == null ? new String[0] : (String[]) brands.getArray());
  }
}

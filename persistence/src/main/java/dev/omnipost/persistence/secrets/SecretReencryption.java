package dev.omnipost.persistence.secrets;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Rewrites every stored secret that is not sealed under the newest key in the current format (old
 * keys after a rotation, and secrets from before key ids and row binding), column by column in
 * batches. Each batch claims its rows with {@code FOR UPDATE SKIP LOCKED}, so several services can
 * run it at once and split the work; the update is guarded by the old value, so a secret changed
 * meanwhile is left to its writer. A secret that does not decrypt is logged (never its value) and
 * left as it is.
 */
public class SecretReencryption {

  private static final Logger log = LoggerFactory.getLogger(SecretReencryption.class);

  private final JdbcClient jdbc;
  private final TransactionTemplate transactions;
  private final SecretCipher cipher;
  private final int batchSize;
  private final Counter reencrypted;
  private final Counter failed;
  private final AtomicBoolean stopping = new AtomicBoolean();

  public SecretReencryption(
      JdbcClient jdbc,
      TransactionTemplate transactions,
      SecretCipher cipher,
      int batchSize,
      MeterRegistry meterRegistry) {
    if (batchSize < 1) {
      throw new IllegalArgumentException("omnipost.secrets.reencrypt-batch-size must be >= 1");
    }
    this.jdbc = jdbc;
    this.transactions = transactions;
    this.cipher = cipher;
    this.batchSize = batchSize;
    this.reencrypted = meterRegistry.counter("omnipost.secrets.reencrypted");
    this.failed = meterRegistry.counter("omnipost.secrets.reencryption.failures");
  }

  /** What one pass did. */
  public record Result(long reencrypted, long failed) {}

  /** One pass over every secret column; returns when all were looked at (or on {@link #stop}). */
  public Result runOnce() {
    long done = 0;
    long failures = 0;
    for (SecretColumn column : SecretColumn.values()) {
      String after = "";
      while (!stopping.get()) {
        String from = after;
        Batch batch = transactions.execute(status -> reencryptBatch(column, from));
        done += batch.reencrypted();
        failures += batch.failed();
        if (batch.lastId() == null) {
          break;
        }
        after = batch.lastId();
      }
    }
    if (done > 0 || failures > 0) {
      log.info(
          "Re-encrypted {} stored secrets under key '{}'; {} could not be decrypted",
          done,
          cipher.currentKeyId(),
          failures);
    }
    return new Result(done, failures);
  }

  /** Ends a pass in progress after its current batch. */
  public void stop() {
    stopping.set(true);
  }

  private record Batch(String lastId, long reencrypted, long failed) {}

  private record Row(String id, byte[] sealed) {}

  private Batch reencryptBatch(SecretColumn column, String after) {
    byte[] header = cipher.currentHeader();
    // table and column names come from SecretColumn, never from input
    List<Row> rows =
        jdbc.sql(
                "SELECT id, "
                    + column.column()
                    + " AS sealed FROM "
                    + column.table()
                    + " WHERE id > :after AND "
                    + column.column()
                    + " IS NOT NULL AND substring("
                    + column.column()
                    + " FROM 1 FOR :headerLength) <> :header"
                    + " ORDER BY id LIMIT :limit FOR UPDATE SKIP LOCKED")
            .param("after", after)
            .param("headerLength", header.length)
            .param("header", header)
            .param("limit", batchSize)
            .query((rs, n) -> new Row(rs.getString("id"), rs.getBytes("sealed")))
            .list();
    long done = 0;
    long failures = 0;
    for (Row row : rows) {
      SecretContext context = column.of(row.id());
      String plaintext;
      try {
        plaintext = cipher.decrypt(row.sealed(), context);
      } catch (RuntimeException e) {
        failures++;
        failed.increment();
        log.warn(
            "Cannot re-encrypt {}.{} of row {}: {}",
            column.table(),
            column.column(),
            row.id(),
            e.getMessage());
        continue;
      }
      done +=
          jdbc.sql(
                  "UPDATE "
                      + column.table()
                      + " SET "
                      + column.column()
                      + " = :sealed WHERE id = :id AND "
                      + column.column()
                      + " = :old")
              .param("sealed", cipher.encrypt(plaintext, context))
              .param("id", row.id())
              .param("old", row.sealed())
              .update();
    }
    reencrypted.increment(done);
    return new Batch(rows.isEmpty() ? null : rows.get(rows.size() - 1).id(), done, failures);
  }
}

package dev.omnipost.publisher.metrics;

import dev.omnipost.connectors.AccountCredentials;
import dev.omnipost.connectors.AuthExpiredException;
import dev.omnipost.connectors.Platform;
import dev.omnipost.connectors.PlatformConnector;
import dev.omnipost.connectors.steps.MetricsResult;
import dev.omnipost.events.CloudEventCodec;
import dev.omnipost.persistence.secrets.SecretCipher;
import dev.omnipost.persistence.secrets.SecretColumn;
import dev.omnipost.publisher.publishing.AccountPacer;
import dev.omnipost.publisher.publishing.PlatformConnectorLookup;
import dev.omnipost.publisher.publishing.PublishJobs;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Keeps published copies' counters in {@code post_target_metrics} fresh, so {@code GET
 * /v1/analytics} reads numbers without calling a platform. A pass claims due copies with {@code FOR
 * UPDATE SKIP LOCKED} (a copy is first due {@code recent-every} after it went live: a post just
 * published has nothing to count yet), setting their {@code metrics_next_at} ahead in the claim
 * itself (recent copies every {@code recent-every}, older ones every {@code older-every}, none past
 * {@code max-age}), so two instances never read the same copy and a copy whose read fails simply
 * waits for its next turn. Each read is paced by the account's rate budget through the publisher's
 * own {@link AccountPacer}: a read over budget is put off to when the window reopens, never sent.
 */
public class MetricsRefresher {

  private static final Logger log = LoggerFactory.getLogger(MetricsRefresher.class);

  private static final String CLAIM =
      """
      UPDATE post_targets t SET metrics_next_at = now() + CASE
          WHEN t.published_at >= now() - make_interval(secs => :recentAge)
          THEN make_interval(secs => :recentEvery) ELSE make_interval(secs => :olderEvery) END
      WHERE t.id IN (SELECT id FROM post_targets
                     WHERE status = 'published' AND platform_post_id IS NOT NULL
                       AND published_at >= now() - make_interval(secs => :maxAge)
                       AND COALESCE(metrics_next_at,
                             published_at + make_interval(secs => :recentEvery)) <= now()
                     ORDER BY metrics_next_at NULLS FIRST, published_at DESC
                     LIMIT :batch FOR UPDATE SKIP LOCKED)
      RETURNING t.id, t.workspace_id, t.account_id, t.platform, t.platform_post_id
      """;

  static final String ACCOUNTS =
      """
      SELECT id, platform, platform_account_id, handle, status, access_token_enc,
             CAST(settings AS text) AS settings
      FROM accounts WHERE id = ANY(:ids)
      """;

  private static final String STORE =
      """
      INSERT INTO post_target_metrics (target_id, workspace_id, counters, fetched_at)
      VALUES (:id, :ws, CAST(:counters AS jsonb), :at)
      ON CONFLICT (target_id) DO UPDATE SET counters = EXCLUDED.counters,
        fetched_at = EXCLUDED.fetched_at
      WHERE post_target_metrics.fetched_at < EXCLUDED.fetched_at
      """;

  private record Claimed(
      String id, String workspaceId, String accountId, String platform, String platformPostId) {}

  private final JdbcClient jdbc;
  private final TransactionTemplate transactions;
  private final PlatformConnectorLookup connectors;
  private final SecretCipher cipher;
  private final AccountPacer pacer;
  private final MetricsRefreshProperties properties;
  private final RefreshMetrics metrics;

  public MetricsRefresher(
      JdbcClient jdbc,
      TransactionTemplate transactions,
      PlatformConnectorLookup connectors,
      SecretCipher cipher,
      AccountPacer pacer,
      MetricsRefreshProperties properties,
      RefreshMetrics metrics) {
    this.jdbc = jdbc;
    this.transactions = transactions;
    this.connectors = connectors;
    this.cipher = cipher;
    this.pacer = pacer;
    this.properties = properties;
    this.metrics = metrics;
  }

  /** One batch; answers how many copies it claimed. */
  public int refreshDue() {
    List<Claimed> claimed =
        transactions.execute(
            status ->
                jdbc.sql(CLAIM)
                    .param("recentAge", properties.recentAge().toSeconds())
                    .param("recentEvery", seconds(properties.recentEvery()))
                    .param("olderEvery", seconds(properties.olderEvery()))
                    .param("maxAge", properties.maxAge().toSeconds())
                    .param("batch", properties.batchSize())
                    .query(
                        (rs, i) ->
                            new Claimed(
                                rs.getString("id"),
                                rs.getString("workspace_id"),
                                rs.getString("account_id"),
                                rs.getString("platform"),
                                rs.getString("platform_post_id")))
                    .list());
    if (claimed == null || claimed.isEmpty()) {
      return 0;
    }
    Map<String, Optional<AccountCredentials>> accounts =
        accounts(claimed.stream().map(Claimed::accountId).distinct().toList());
    for (Claimed target : claimed) {
      refresh(target, accounts.getOrDefault(target.accountId(), Optional.empty()));
    }
    return claimed.size();
  }

  private void refresh(Claimed target, Optional<AccountCredentials> account) {
    Optional<PlatformConnector> connector =
        Platform.fromId(target.platform()).flatMap(connectors::find);
    if (connector.isEmpty() || account.isEmpty()) {
      // not connected (or no connector): the claim already moved it to its next turn
      metrics.read(target.platform(), "skipped");
      return;
    }
    Duration wait = pacer.reserve(target.accountId(), connector.get().rateBudget());
    if (!wait.isZero()) {
      putOff(target.id(), wait);
      metrics.read(target.platform(), "paced");
      return;
    }
    try {
      MetricsResult result = connector.get().metrics(account.get(), target.platformPostId());
      if (result instanceof MetricsResult.Counted counted) {
        store(target, counted);
        metrics.read(target.platform(), "counted");
      } else {
        // the platform has no counters: look again only once the copy is past max-age
        putOff(target.id(), properties.maxAge());
        metrics.read(target.platform(), "unsupported");
      }
    } catch (AuthExpiredException e) {
      metrics.read(target.platform(), "auth_expired");
    } catch (RuntimeException e) {
      log.info("Metrics of target {} not refreshed: {}", target.id(), e.toString());
      metrics.read(target.platform(), "failed");
    }
  }

  private void store(Claimed target, MetricsResult.Counted counted) {
    jdbc.sql(STORE)
        .param("id", target.id())
        .param("ws", target.workspaceId())
        .param(
            "counters",
            CloudEventCodec.dataMapper()
                .writeValueAsString(new LinkedHashMap<>(counted.counters())))
        .param("at", Timestamp.from(counted.fetchedAt().truncatedTo(ChronoUnit.MICROS)))
        .update();
  }

  private void putOff(String targetId, Duration wait) {
    jdbc.sql(
            "UPDATE post_targets SET metrics_next_at = now() + make_interval(secs => :wait)"
                + " WHERE id = :id")
        .param("wait", seconds(wait))
        .param("id", targetId)
        .update();
  }

  /** The connected accounts among {@code ids}, tokens decrypted; others map to empty. */
  Map<String, Optional<AccountCredentials>> accounts(List<String> ids) {
    return jdbc
        .sql(ACCOUNTS)
        .param("ids", ids.toArray(String[]::new))
        .query(
            (rs, i) -> {
              String id = rs.getString("id");
              Optional<Platform> platform = Platform.fromId(rs.getString("platform"));
              if (!"connected".equals(rs.getString("status")) || platform.isEmpty()) {
                return Map.entry(id, Optional.<AccountCredentials>empty());
              }
              return Map.entry(
                  id,
                  Optional.of(
                      new AccountCredentials(
                          id,
                          platform.get(),
                          rs.getString("platform_account_id"),
                          rs.getString("handle"),
                          cipher.decrypt(
                              rs.getBytes("access_token_enc"),
                              SecretColumn.ACCOUNT_ACCESS_TOKEN.of(id)),
                          PublishJobs.settings(rs.getString("settings")))));
            })
        .list()
        .stream()
        .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
  }

  static double seconds(Duration duration) {
    return duration.toMillis() / 1000.0;
  }
}

package dev.omnipost.publisher.metrics;

import dev.omnipost.connectors.AccountCredentials;
import dev.omnipost.connectors.Platform;
import dev.omnipost.connectors.PlatformConnector;
import dev.omnipost.connectors.insights.AccountInsights;
import dev.omnipost.events.CloudEventCodec;
import dev.omnipost.persistence.secrets.SecretCipher;
import dev.omnipost.persistence.secrets.SecretColumn;
import dev.omnipost.publisher.publishing.AccountPacer;
import dev.omnipost.publisher.publishing.PlatformConnectorLookup;
import dev.omnipost.publisher.publishing.PublishJobs;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Snapshots connected accounts' audience ({@code account_insight_snapshots}: followers, reach)
 * every {@code account-every} (the first one {@code account-every} after connecting), on the
 * platforms whose connector reports account insights. Claimed like copies' metrics: {@code
 * accounts.insights_next_at} set ahead in a {@code FOR UPDATE SKIP LOCKED} claim, each read paced
 * by the account's rate budget.
 */
public class AccountInsightsRefresher {

  private static final Logger log = LoggerFactory.getLogger(AccountInsightsRefresher.class);

  private static final String CLAIM =
      """
      UPDATE accounts SET insights_next_at = now() + make_interval(secs => :every)
      WHERE id IN (SELECT id FROM accounts
                   WHERE status = 'connected' AND platform = ANY(:platforms)
                     AND COALESCE(insights_next_at,
                                  connected_at + make_interval(secs => :every)) <= now()
                   ORDER BY insights_next_at NULLS FIRST
                   LIMIT :batch FOR UPDATE SKIP LOCKED)
      RETURNING id, workspace_id, platform, platform_account_id, handle, access_token_enc,
                CAST(settings AS text) AS settings
      """;

  private record Claimed(String workspaceId, AccountCredentials account) {}

  private final JdbcClient jdbc;
  private final TransactionTemplate transactions;
  private final PlatformConnectorLookup connectors;
  private final SecretCipher cipher;
  private final AccountPacer pacer;
  private final MetricsRefreshProperties properties;
  private final RefreshMetrics metrics;
  private final String[] platforms;

  public AccountInsightsRefresher(
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
    this.platforms =
        Arrays.stream(Platform.values())
            .filter(
                p ->
                    connectors
                        .find(p)
                        .map(PlatformConnector::supportsAccountInsights)
                        .orElse(false))
            .map(Platform::id)
            .toArray(String[]::new);
  }

  /** One batch; answers how many accounts it claimed. */
  public int snapshotDue() {
    if (platforms.length == 0) {
      return 0;
    }
    List<Claimed> claimed =
        transactions.execute(
            status ->
                jdbc.sql(CLAIM)
                    .param("every", MetricsRefresher.seconds(properties.accountEvery()))
                    .param("platforms", platforms)
                    .param("batch", properties.batchSize())
                    .query(
                        (rs, i) -> {
                          String id = rs.getString("id");
                          return new Claimed(
                              rs.getString("workspace_id"),
                              new AccountCredentials(
                                  id,
                                  Platform.fromId(rs.getString("platform")).orElseThrow(),
                                  rs.getString("platform_account_id"),
                                  rs.getString("handle"),
                                  cipher.decrypt(
                                      rs.getBytes("access_token_enc"),
                                      SecretColumn.ACCOUNT_ACCESS_TOKEN.of(id)),
                                  PublishJobs.settings(rs.getString("settings"))));
                        })
                    .list());
    if (claimed == null) {
      return 0;
    }
    claimed.forEach(this::snapshot);
    return claimed.size();
  }

  private void snapshot(Claimed claimed) {
    AccountCredentials account = claimed.account();
    String platform = account.platform().id();
    PlatformConnector connector = connectors.find(account.platform()).orElseThrow();
    Duration wait = pacer.reserve(account.accountId(), connector.rateBudget());
    if (!wait.isZero()) {
      jdbc.sql(
              "UPDATE accounts SET insights_next_at = now() + make_interval(secs => :wait)"
                  + " WHERE id = :id")
          .param("wait", MetricsRefresher.seconds(wait))
          .param("id", account.accountId())
          .update();
      metrics.snapshot(platform, "paced");
      return;
    }
    try {
      AccountInsights insights = connector.accountInsights(account);
      jdbc.sql(
              """
              INSERT INTO account_insight_snapshots
                (account_id, workspace_id, captured_at, followers, reach, counters)
              VALUES (:id, :ws, :at, :followers, :reach, CAST(:counters AS jsonb))
              ON CONFLICT DO NOTHING
              """)
          .param("id", account.accountId())
          .param("ws", claimed.workspaceId())
          .param("at", Timestamp.from(insights.fetchedAt().truncatedTo(ChronoUnit.MICROS)))
          .param("followers", insights.followers())
          .param("reach", insights.reach())
          .param(
              "counters",
              CloudEventCodec.dataMapper()
                  .writeValueAsString(new LinkedHashMap<>(insights.counters())))
          .update();
      metrics.snapshot(platform, "captured");
    } catch (RuntimeException e) {
      log.info("Insights of account {} not read: {}", account.accountId(), e.toString());
      metrics.snapshot(platform, "failed");
    }
  }
}

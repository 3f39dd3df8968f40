package dev.omnipost.inbox.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.omnipost.embedded.SharedTestInfrastructure;
import dev.omnipost.events.Ids;
import dev.omnipost.inbox.InboxIngestorApplication;
import dev.omnipost.inbox.RecordedSpans;
import dev.omnipost.persistence.secrets.SecretCipher;
import dev.omnipost.persistence.secrets.SecretColumn;
import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The scheduled mention sync against the sandbox: Mastodon mention notifications after the stored
 * cursor, Instagram tags, each stored once with one {@code mention.received}; and a sync requested
 * for one account ({@code requested_at}) that runs before its pacing gap has passed.
 */
@SpringBootTest(
    classes = {InboxIngestorApplication.class, MentionSyncTests.Spans.class},
    properties = {
      "spring.config.name=inbox-ingestor",
      "server.port=0",
      "management.server.port=0",
      "omnipost.inbox.sync-interval=500ms",
      "omnipost.inbox.pace-by-rate-budget=false",
    })
class MentionSyncTests {

  /** Records the spans the ingestor ends. */
  @TestConfiguration(proxyBeanMethods = false)
  static class Spans {
    @Bean
    RecordedSpans recordedSpans() {
      return new RecordedSpans();
    }
  }

  @Autowired RecordedSpans spans;

  private static final SandboxInstagram SANDBOX = SandboxInstagram.SHARED;

  @DynamicPropertySource
  static void infrastructure(DynamicPropertyRegistry registry) {
    SharedTestInfrastructure.get().springProperties().forEach((k, v) -> registry.add(k, () -> v));
    SANDBOX.pointEveryPlatformHere(registry);
    registry.add("omnipost.oauth.instance-networks", SANDBOX::instanceNetworks);
  }

  @Autowired JdbcClient jdbc;
  @Autowired SecretCipher cipher;
  @Autowired MeterRegistry meters;

  @Test
  void refusesToSyncAnInstanceTheSsrfGuardDoesNotAllow() {
    String workspace = workspace();
    String platformId = "1092" + digits(8);
    // the sandbox, but as 127.0.0.2: loopback outside the allow-list (127.0.0.1 only)
    String account =
        account(
            workspace, "mastodon", platformId, "http://127.0.0.2:" + SANDBOX.port() + "/mastodon");
    SANDBOX.mention(platformId, "eve", "@shop are you there?");

    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                meters
                        .find("omnipost.inbox.sync.failures")
                        .tags("platform", "mastodon", "reason", "instance_not_allowed")
                        .counter()
                    != null);
    assertThat(mentions(account)).isZero();
    assertThat(cursor(account)).isNull();
  }

  @Test
  void storesMastodonMentionsOnceAndMovesTheCursor() {
    String workspace = workspace();
    String platformId = "1090" + digits(8);
    String account = account(workspace, "mastodon", platformId);
    String first = SANDBOX.mention(platformId, "ana", "Hey @shop, is it open today?");

    await().atMost(Duration.ofSeconds(30)).until(() -> mentions(account) == 1);
    await().atMost(Duration.ofSeconds(30)).until(() -> first.equals(cursor(account)));
    String second = SANDBOX.mention(platformId, "bo", "@shop loved it");
    await().atMost(Duration.ofSeconds(30)).until(() -> mentions(account) == 2);
    await().atMost(Duration.ofSeconds(30)).until(() -> second.equals(cursor(account)));

    Map<String, Object> row =
        jdbc.sql("SELECT * FROM inbox_mentions WHERE account_id = :a AND platform_item_id = :i")
            .param("a", account)
            .param("i", first)
            .query()
            .singleRow();
    assertThat(row.get("author_name")).isEqualTo("ana@remote.example");
    assertThat(row.get("text")).isEqualTo("Hey @shop, is it open today?");
    assertThat((String) row.get("url")).startsWith("https://remote.example/@ana/");
    assertThat(mentions(account)).isEqualTo(2);
    assertThat(events(workspace)).isEqualTo(2);
    assertSyncSpans(account, "mentions", "mastodon");
  }

  /**
   * Each sync of the account's {@code kind} was a span, a trace of its own (ADR 30); the account's
   * other kinds (a Mastodon account's comments) are synced in spans of their own.
   */
  private void assertSyncSpans(String account, String kind, String platform) {
    List<SpanData> synced =
        spans.named(SyncRound.SPAN).stream()
            .filter(s -> account.equals(RecordedSpans.attribute(s, "account_id")))
            .filter(s -> kind.equals(RecordedSpans.attribute(s, "kind")))
            .filter(s -> "synced".equals(RecordedSpans.attribute(s, "outcome")))
            .toList();
    assertThat(synced)
        .hasSizeGreaterThanOrEqualTo(2)
        .allSatisfy(
            s -> {
              assertThat(RecordedSpans.attribute(s, "platform")).isEqualTo(platform);
              assertThat(s.getParentSpanContext().isValid()).isFalse();
            });
    assertThat(synced.stream().map(SpanData::getTraceId).distinct()).hasSameSizeAs(synced);
  }

  @Test
  void storesInstagramTagsAsMentions() {
    String workspace = workspace();
    String igUserId = "1786" + digits(10);
    String account = account(workspace, "instagram", igUserId);
    String media = SANDBOX.tag(igUserId, "cy.travels", "Best brunch in town @shop");

    await().atMost(Duration.ofSeconds(30)).until(() -> mentions(account) == 1);
    Map<String, Object> row =
        jdbc.sql("SELECT * FROM inbox_mentions WHERE account_id = :a")
            .param("a", account)
            .query()
            .singleRow();
    assertThat(row.get("platform_item_id")).isEqualTo(media);
    assertThat(row.get("author_name")).isEqualTo("cy.travels");
    assertThat(row.get("text")).isEqualTo("Best brunch in town @shop");
    assertThat(
            jdbc.sql(
                    "SELECT data->>'mention_id' FROM event_log WHERE workspace_id = :w AND type = 'mention.received'")
                .param("w", workspace)
                .query(String.class)
                .single())
        .isEqualTo(row.get("id"));
  }

  @Test
  void aRequestedSyncRunsBeforeThePacingGapHasPassed() {
    String workspace = workspace();
    String platformId = "1091" + digits(8);
    String account = account(workspace, "mastodon", platformId);
    // synced just now, and (as far as pacing goes) not due again for a day
    jdbc.sql(
            "INSERT INTO inbox_cursors (account_id, kind, synced_at) VALUES (:a, 'mentions', now() + interval '1 day')")
        .param("a", account)
        .update();
    SANDBOX.mention(platformId, "dee", "@shop hello");

    await()
        .during(Duration.ofSeconds(2))
        .atMost(Duration.ofSeconds(5))
        .until(() -> mentions(account) == 0);
    jdbc.sql(
            "UPDATE inbox_cursors SET requested_at = now() + interval '2 days' WHERE account_id = :a")
        .param("a", account)
        .update();

    await().atMost(Duration.ofSeconds(30)).until(() -> mentions(account) == 1);
  }

  private String workspace() {
    String id = Ids.newId("ws");
    jdbc.sql("INSERT INTO workspaces (id, name) VALUES (:id, 'Mentions test')")
        .param("id", id)
        .update();
    return id;
  }

  private String account(String workspace, String platform, String platformId) {
    return account(workspace, platform, platformId, SANDBOX.mastodonInstanceUrl());
  }

  private String account(String workspace, String platform, String platformId, String instanceUrl) {
    String id = Ids.newId("acc");
    String token = "tok" + Ids.randomBase62(32);
    SANDBOX.registerAccount(platform, platformId, "shop_" + platformId, token);
    jdbc.sql(
            """
            INSERT INTO accounts (id, workspace_id, platform, platform_account_id, name, handle, access_token_enc, settings)
            VALUES (:id, :ws, :platform, :pid, 'Shop', :handle, :token, CAST(:settings AS jsonb))
            """)
        .param("id", id)
        .param("ws", workspace)
        .param("platform", platform)
        .param("pid", platformId)
        .param("handle", "shop_" + platformId)
        .param("token", cipher.encrypt(token, SecretColumn.ACCOUNT_ACCESS_TOKEN.of(id)))
        .param("settings", "{\"instance_url\":\"" + instanceUrl + "\"}")
        .update();
    return id;
  }

  private int mentions(String accountId) {
    return jdbc.sql("SELECT count(*) FROM inbox_mentions WHERE account_id = :a")
        .param("a", accountId)
        .query(Integer.class)
        .single();
  }

  private String cursor(String accountId) {
    return jdbc.sql("SELECT cursor FROM inbox_cursors WHERE account_id = :a AND kind = 'mentions'")
        .param("a", accountId)
        .query(String.class)
        .optional()
        .orElse(null);
  }

  private int events(String workspace) {
    return jdbc.sql(
            "SELECT count(*) FROM event_log WHERE workspace_id = :w AND type = 'mention.received'")
        .param("w", workspace)
        .query(Integer.class)
        .single();
  }

  private static String digits(int count) {
    return Ids.randomBase62(count)
        .chars()
        .map(c -> '0' + c % 10)
        .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append)
        .toString();
  }
}

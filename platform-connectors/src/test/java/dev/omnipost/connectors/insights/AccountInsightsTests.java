package dev.omnipost.connectors.insights;

import static dev.omnipost.connectors.SandboxFixture.SANDBOX;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.omnipost.connectors.AccountCredentials;
import dev.omnipost.connectors.Platform;
import dev.omnipost.connectors.PlatformConnector;
import dev.omnipost.connectors.SandboxFixture;
import dev.omnipost.connectors.UnsupportedPlatformOperationException;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Followers and reach as Mastodon's and Instagram's APIs report them, read from the sandbox. */
class AccountInsightsTests {

  @Test
  void readsMastodonFollowersFromVerifyCredentials() {
    SandboxFixture.register("mastodon", "7001", "insights", "insights-token");
    AccountCredentials account =
        SandboxFixture.credentials(
            Platform.MASTODON,
            "7001",
            "insights",
            "insights-token",
            Map.of("instance_url", SANDBOX.mastodonInstanceUrl()));

    AccountInsights insights = connector(Platform.MASTODON).accountInsights(account);

    assertThat(insights.followers()).isGreaterThanOrEqualTo(100);
    assertThat(insights.reach()).isNull();
    assertThat(insights.counters()).containsKeys("following", "posts");
  }

  @Test
  void readsInstagramFollowersAndTheDaysReach() {
    SandboxFixture.register("instagram", "17841400000007002", "insights", "ig-insights");
    AccountCredentials account =
        SandboxFixture.credentials(
            Platform.INSTAGRAM, "17841400000007002", "insights", "ig-insights", Map.of());

    AccountInsights insights = connector(Platform.INSTAGRAM).accountInsights(account);

    assertThat(insights.followers()).isGreaterThanOrEqualTo(100);
    assertThat(insights.reach()).isBetween(insights.followers() * 3, insights.followers() * 3 + 30);
    assertThat(insights.counters()).containsKey("media_count");
  }

  @Test
  void platformsWithoutAccountInsightsSayNoBeforeAnyCall() {
    PlatformConnector linkedin = connector(Platform.LINKEDIN);

    assertThat(connector(Platform.MASTODON).supportsAccountInsights()).isTrue();
    assertThat(connector(Platform.INSTAGRAM).supportsAccountInsights()).isTrue();
    assertThat(linkedin.supportsAccountInsights()).isFalse();
    assertThatThrownBy(() -> linkedin.accountInsights(null))
        .isInstanceOf(UnsupportedPlatformOperationException.class);
  }

  private static PlatformConnector connector(Platform platform) {
    return SandboxFixture.connectors().forPlatform(platform).orElseThrow();
  }
}

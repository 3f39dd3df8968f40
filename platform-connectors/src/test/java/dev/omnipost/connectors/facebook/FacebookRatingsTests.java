package dev.omnipost.connectors.facebook;

import static dev.omnipost.connectors.SandboxFixture.SANDBOX;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.omnipost.connectors.AccountCredentials;
import dev.omnipost.connectors.Platform;
import dev.omnipost.connectors.PlatformConnector;
import dev.omnipost.connectors.SandboxFixture;
import dev.omnipost.connectors.UnsupportedPlatformOperationException;
import dev.omnipost.connectors.inbox.InboxOperation;
import dev.omnipost.connectors.inbox.PlatformReview;
import dev.omnipost.connectors.inbox.SyncPage;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class FacebookRatingsTests {

  private static final String PAGE = "104000000000077";

  private final PlatformConnector connector =
      SandboxFixture.connectors().forPlatform(Platform.FACEBOOK).orElseThrow();
  private final AccountCredentials account =
      SandboxFixture.credentials(Platform.FACEBOOK, PAGE, "Bakery", "rating-token", Map.of());

  @BeforeEach
  void registerPage() {
    SANDBOX.control().reset();
    SandboxFixture.register("facebook", PAGE, "Bakery", "rating-token");
  }

  @Test
  void listsRatingsAndRecommendationsByTheirStoryId() {
    SandboxFixture.control(
        "/_sandbox/facebook/ratings",
        "{\"page_id\":\""
            + PAGE
            + "\",\"reviewer\":\"Ann\",\"rating\":4,\"review_text\":\"Nice\"}");
    String story =
        SandboxFixture.control(
                "/_sandbox/facebook/ratings",
                "{\"page_id\":\""
                    + PAGE
                    + "\",\"reviewer\":\"Ben\",\"recommendation_type\":\"negative\","
                    + "\"review_text\":\"Slow\"}")
            .replaceAll(".*\"open_graph_story_id\":\"([^\"]+)\".*", "$1");

    SyncPage<PlatformReview> page = connector.listReviews(account, null);

    assertThat(page.items()).extracting(PlatformReview::authorName).containsExactly("Ann", "Ben");
    assertThat(page.items().get(0).rating()).isEqualTo(4);
    assertThat(page.items().get(1).rating()).isNull();
    assertThat(page.items().get(1).platformReviewId()).isEqualTo(story);
    assertThat(page.nextCursor()).isNotNull();
  }

  @Test
  void offersNoReplyToARecommendation() {
    assertThat(connector.supports(InboxOperation.LIST_REVIEWS)).isTrue();
    assertThat(connector.supports(InboxOperation.REPLY_TO_REVIEW)).isFalse();
    assertThatThrownBy(() -> connector.replyToReview(account, "1300", "Thanks"))
        .isInstanceOf(UnsupportedPlatformOperationException.class);
  }
}

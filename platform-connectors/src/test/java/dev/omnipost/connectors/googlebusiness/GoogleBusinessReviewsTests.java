package dev.omnipost.connectors.googlebusiness;

import static dev.omnipost.connectors.SandboxFixture.SANDBOX;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.omnipost.connectors.AccountCredentials;
import dev.omnipost.connectors.PermanentPlatformException;
import dev.omnipost.connectors.Platform;
import dev.omnipost.connectors.PlatformConnector;
import dev.omnipost.connectors.SandboxFixture;
import dev.omnipost.connectors.inbox.InboxOperation;
import dev.omnipost.connectors.inbox.PlatformReview;
import dev.omnipost.connectors.inbox.SyncPage;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class GoogleBusinessReviewsTests {

  private static final String ACCOUNT = "1180";
  private static final String LOCATION = "accounts/1180/locations/7";

  private final PlatformConnector connector =
      SandboxFixture.connectors().forPlatform(Platform.GOOGLE_BUSINESS).orElseThrow();
  private final AccountCredentials account =
      SandboxFixture.credentials(
          Platform.GOOGLE_BUSINESS,
          ACCOUNT,
          "Bakery",
          "gbp-review-token",
          Map.of("location_id", "7"));

  @BeforeEach
  void registerAccount() {
    SANDBOX.control().reset();
    SandboxFixture.register("google_business", ACCOUNT, "Bakery", "gbp-review-token");
  }

  @Test
  void listsReviewsOldestFirstWithStarsAndMovesTheCursorPastThem() {
    review("Ada", 5, "Lovely staff.");
    review("Bo", 2, "Cold coffee.");

    SyncPage<PlatformReview> first = connector.listReviews(account, null);

    assertThat(connector.supports(InboxOperation.LIST_REVIEWS)).isTrue();
    assertThat(connector.supports(InboxOperation.REPLY_TO_REVIEW)).isTrue();
    assertThat(first.items())
        .extracting(PlatformReview::authorName, PlatformReview::rating, PlatformReview::text)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("Ada", 5, "Lovely staff."),
            org.assertj.core.groups.Tuple.tuple("Bo", 2, "Cold coffee."));
    assertThat(first.items().get(0).platformReviewId()).startsWith(LOCATION + "/reviews/");
    assertThat(first.nextCursor()).isNotNull();
    assertThat(connector.listReviews(account, first.nextCursor()).items()).isEmpty();
  }

  @Test
  void setsAndRemovesTheBusinessReplyWithTheReplyWireFormat() {
    String name = review("Ada", 4, "Good bread.");

    connector.replyToReview(account, name, "Thank you, Ada!");

    PlatformReview replied = connector.listReviews(account, null).items().get(0);
    assertThat(replied.reply()).isEqualTo("Thank you, Ada!");
    assertThat(replied.replyUpdatedAt()).isNotNull();
    assertThat(SandboxFixture.get("/_sandbox/google-business/reviews?name=" + name))
        .contains("\"reviewReply\":{")
        .contains("\"comment\":\"Thank you, Ada!\"");

    connector.replyToReview(account, name, null);

    assertThat(connector.listReviews(account, null).items().get(0).reply()).isNull();
  }

  @Test
  void replyingToAnUnknownReviewIsRejected() {
    assertThatThrownBy(() -> connector.replyToReview(account, LOCATION + "/reviews/nope", "Thanks"))
        .isInstanceOf(PermanentPlatformException.class);
  }

  private static String review(String reviewer, int stars, String comment) {
    String body =
        SandboxFixture.control(
            "/_sandbox/google-business/reviews",
            "{\"location\":\""
                + LOCATION
                + "\",\"reviewer\":\""
                + reviewer
                + "\",\"star_rating\":"
                + stars
                + ",\"comment\":\""
                + comment
                + "\"}");
    return body.replaceAll(".*\"name\":\"([^\"]+)\".*", "$1");
  }
}

package dev.omnipost.connectors.googlebusiness;

import static dev.omnipost.connectors.SandboxFixture.SANDBOX;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.omnipost.connectors.AccountCredentials;
import dev.omnipost.connectors.AuthExpiredException;
import dev.omnipost.connectors.MediaAttachment;
import dev.omnipost.connectors.PermanentPlatformException;
import dev.omnipost.connectors.Platform;
import dev.omnipost.connectors.PlatformConnector;
import dev.omnipost.connectors.PublishRequest;
import dev.omnipost.connectors.PublishedPost;
import dev.omnipost.connectors.SandboxFixture;
import dev.omnipost.connectors.TransientPlatformException;
import dev.omnipost.connectors.steps.AttemptMarker;
import dev.omnipost.connectors.steps.DeleteResult;
import dev.omnipost.connectors.steps.MetricsResult;
import dev.omnipost.connectors.steps.PostLookup;
import dev.omnipost.connectors.steps.PublishStep;
import dev.omnipost.connectors.steps.StepContext;
import dev.omnipost.connectors.steps.StepState;
import dev.omnipost.sandbox.control.InjectedFailure;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class GoogleBusinessConnectorTests {

  private static final String ACCOUNT = "1170";
  private static final String LOCATION = "accounts/1170/locations/42";

  private final PlatformConnector connector =
      SandboxFixture.connectors().forPlatform(Platform.GOOGLE_BUSINESS).orElseThrow();
  private final List<String> markers = new ArrayList<>();
  private final StepContext context = markers::add;
  private final AccountCredentials account =
      SandboxFixture.credentials(
          Platform.GOOGLE_BUSINESS, ACCOUNT, "Bakery", "gbp-token", Map.of("location_id", "42"));

  @BeforeEach
  void registerAccount() {
    SANDBOX.control().reset();
    SandboxFixture.register("google_business", ACCOUNT, "Bakery", "gbp-token");
  }

  @Test
  void publishesAStandardPostWithAPhotoAndACallToAction() {
    PublishRequest request =
        new PublishRequest(
            "t",
            "Fresh rye today",
            List.of(
                new MediaAttachment(
                    SandboxFixture.imageUrl(), "image/jpeg", SandboxFixture.JPEG.length)),
            Map.of(
                "topic_type",
                "standard",
                "call_to_action_type",
                "ORDER",
                "call_to_action_url",
                "https://bakery.example/order"));

    PublishStep step = connector.nextPublishStep(account, request, StepState.empty(), context);

    assertThat(step)
        .isInstanceOfSatisfying(
            PublishStep.Done.class,
            d -> {
              assertThat(d.platformPostId()).startsWith(LOCATION + "/localPosts/");
              assertThat(d.permalink()).startsWith("https://local.google.com/");
            });
    assertThat(markers).containsExactly("google_business.local_post");
    assertThat(SANDBOX.control().posts("google_business", ACCOUNT))
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.text()).isEqualTo("Fresh rye today");
              assertThat(p.mediaUrls()).containsExactly(SandboxFixture.imageUrl());
            });
  }

  @Test
  void publishesEventOfferAndAlertPosts() {
    Map<String, Object> event =
        Map.of(
            "topic_type",
            "EVENT",
            "event_title",
            "Open day",
            "event_start",
            "2026-12-24T10:00",
            "event_end",
            "2026-12-24T16:00");
    Map<String, Object> offer =
        Map.of(
            "topic_type",
            "OFFER",
            "event_title",
            "10% off",
            "event_start",
            "2026-12-01",
            "event_end",
            "2026-12-31",
            "coupon_code",
            "RYE10");
    Map<String, Object> alert = Map.of("topic_type", "ALERT");

    connector.publish(account, text("Come by", event));
    connector.publish(account, text("Cheaper bread", offer));
    connector.publish(account, text("Closed on Monday", alert));

    assertThat(SANDBOX.control().posts("google_business", ACCOUNT)).hasSize(3);
  }

  @Test
  void rejectsAPostWithoutTopicTypeOrWithAVideoOrAnEventWithoutTitle() {
    PublishStep noTopic =
        connector.nextPublishStep(account, text("x", Map.of()), StepState.empty(), context);
    PublishStep video =
        connector.nextPublishStep(
            account,
            new PublishRequest(
                "t",
                "x",
                List.of(new MediaAttachment(SandboxFixture.videoUrl(), "video/mp4", 1)),
                Map.of("topic_type", "STANDARD")),
            StepState.empty(),
            context);

    assertThat(noTopic)
        .isInstanceOfSatisfying(
            PublishStep.Rejected.class, r -> assertThat(r.message()).contains("topic_type"));
    assertThat(video).isInstanceOf(PublishStep.Rejected.class);
    assertThatThrownBy(() -> connector.publish(account, text("x", Map.of("topic_type", "EVENT"))))
        .isInstanceOf(PermanentPlatformException.class)
        .hasMessageContaining("event_title");
  }

  @Test
  void reportsGooglesValidationErrorsWithTheField() {
    assertThatThrownBy(
            () ->
                connector.publish(
                    account, text("x".repeat(1501), Map.of("topic_type", "STANDARD"))))
        .isInstanceOfSatisfying(
            PermanentPlatformException.class,
            e -> {
              assertThat(e.httpStatus()).isEqualTo(400);
              assertThat(e).hasMessage("summary: summary must be at most 1500 characters.");
            });
    PublishRequest unfetchable =
        new PublishRequest(
            "t",
            "x",
            List.of(new MediaAttachment("http://localhost:1/a.jpg", "image/jpeg", 1)),
            Map.of("topic_type", "STANDARD"));
    assertThatThrownBy(() -> connector.publish(account, unfetchable))
        .isInstanceOf(PermanentPlatformException.class)
        .hasMessageContaining("could not be fetched");
  }

  @Test
  void findsThePostOfALostCreateByItsSummary() {
    Instant attemptAt = Instant.now();
    PublishedPost published =
        connector.publish(account, text("Lost answer", Map.of("topic_type", "STANDARD")));
    AttemptMarker attempt = new AttemptMarker("google_business.local_post", attemptAt);

    PostLookup found =
        connector.findPublished(
            account,
            text("Lost answer", Map.of("topic_type", "STANDARD")),
            StepState.empty(),
            attempt);
    PostLookup never =
        connector.findPublished(
            account,
            text("never posted", Map.of("topic_type", "STANDARD")),
            StepState.empty(),
            attempt);

    assertThat(found)
        .isEqualTo(new PostLookup.Found(published.platformPostId(), published.permalink()));
    assertThat(never).isInstanceOf(PostLookup.NotCreated.class);
  }

  @Test
  void deletesTwiceAndHasNoPerPostMetrics() {
    PublishedPost published =
        connector.publish(account, text("Brief", Map.of("topic_type", "STANDARD")));

    DeleteResult first = connector.delete(account, published.platformPostId());
    DeleteResult second = connector.delete(account, published.platformPostId());

    assertThat(first).isInstanceOf(DeleteResult.Deleted.class);
    assertThat(second).isInstanceOf(DeleteResult.AlreadyGone.class);
    assertThat(connector.metrics(account, published.platformPostId()))
        .isInstanceOf(MetricsResult.Unsupported.class);
    assertThat(SANDBOX.control().posts("google_business", ACCOUNT)).isEmpty();
  }

  @Test
  void reportsABadTokenAsAuthExpiredAndAnotherAccountsLocationAsRefused() {
    AccountCredentials stale =
        SandboxFixture.credentials(
            Platform.GOOGLE_BUSINESS, ACCOUNT, "Bakery", "stale", Map.of("location_id", "42"));
    AccountCredentials foreign =
        SandboxFixture.credentials(
            Platform.GOOGLE_BUSINESS,
            ACCOUNT,
            "Bakery",
            "gbp-token",
            Map.of("location_name", "accounts/999/locations/1"));

    assertThatThrownBy(() -> connector.publish(stale, text("x", Map.of("topic_type", "STANDARD"))))
        .isInstanceOf(AuthExpiredException.class);
    assertThatThrownBy(
            () -> connector.publish(foreign, text("x", Map.of("topic_type", "STANDARD"))))
        .isInstanceOfSatisfying(
            PermanentPlatformException.class, e -> assertThat(e.httpStatus()).isEqualTo(403));
  }

  @Test
  void runsIntoTheTenEditsPerMinuteWithGooglesRetryDelay() {
    for (int i = 0; i < 10; i++) {
      connector.publish(account, text("post " + i, Map.of("topic_type", "STANDARD")));
    }

    assertThatThrownBy(
            () -> connector.publish(account, text("eleventh", Map.of("topic_type", "STANDARD"))))
        .isInstanceOfSatisfying(
            TransientPlatformException.class,
            e -> {
              assertThat(e.code()).isEqualTo("platform_rate_limited");
              assertThat(e.retryAfter()).isPositive().isLessThanOrEqualTo(Duration.ofMinutes(1));
            });
  }

  @Test
  void reportsAnUnavailableServiceAsTransient() {
    SANDBOX.control().failNext("google_business", ACCOUNT, new InjectedFailure(503, null), 1);

    assertThatThrownBy(
            () -> connector.publish(account, text("x", Map.of("topic_type", "STANDARD"))))
        .isInstanceOfSatisfying(
            TransientPlatformException.class,
            e -> assertThat(e.code()).isEqualTo("platform_unavailable"));
  }

  private static PublishRequest text(String text, Map<String, Object> options) {
    return new PublishRequest("t", text, List.of(), options);
  }
}

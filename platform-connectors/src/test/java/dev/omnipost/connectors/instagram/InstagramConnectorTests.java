package dev.omnipost.connectors.instagram;

import static dev.omnipost.connectors.SandboxFixture.SANDBOX;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.omnipost.connectors.AccountCredentials;
import dev.omnipost.connectors.AuthExpiredException;
import dev.omnipost.connectors.MediaAttachment;
import dev.omnipost.connectors.PermanentPlatformException;
import dev.omnipost.connectors.Platform;
import dev.omnipost.connectors.PlatformComment;
import dev.omnipost.connectors.PlatformConnector;
import dev.omnipost.connectors.PublishRequest;
import dev.omnipost.connectors.PublishedPost;
import dev.omnipost.connectors.SandboxFixture;
import dev.omnipost.connectors.TransientPlatformException;
import dev.omnipost.sandbox.control.InjectedFailure;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class InstagramConnectorTests {

  private static final String IG_USER = "17841400000000042";

  private final PlatformConnector connector =
      SandboxFixture.connectors().forPlatform(Platform.INSTAGRAM).orElseThrow();
  private final AccountCredentials account =
      SandboxFixture.credentials(Platform.INSTAGRAM, IG_USER, "bakery", "ig-token", Map.of());

  @BeforeEach
  void registerAccount() {
    SANDBOX.control().reset();
    SandboxFixture.register("instagram", IG_USER, "bakery", "ig-token");
  }

  @Test
  void publishesAnImageOnceItsContainerHasFinishedProcessing() {
    PublishedPost published =
        connector.publish(account, post("Fresh bread", SandboxFixture.imageUrl()));

    assertThat(published.permalink()).startsWith(SANDBOX.baseUrl() + "/instagram/p/");
    assertThat(SANDBOX.control().posts("instagram", IG_USER))
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.id()).isEqualTo(published.platformPostId());
              assertThat(p.text()).isEqualTo("Fresh bread");
              assertThat(p.mediaUrls()).containsExactly(SandboxFixture.imageUrl());
            });
  }

  @Test
  void publishesSeveralImagesAsACarousel() {
    PublishedPost published =
        connector.publish(
            account,
            post("Two loaves", SandboxFixture.imageUrl(), SandboxFixture.imageUrl() + "?second"));

    assertThat(SANDBOX.control().posts("instagram", IG_USER))
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.id()).isEqualTo(published.platformPostId());
              assertThat(p.mediaUrls()).hasSize(2);
            });
  }

  @Test
  void reportsAnUnreachableImageAsPermanentWithInstagramsMessage() {
    String unreachable = "http://localhost:1/missing.jpg";

    assertThatThrownBy(() -> connector.publish(account, post("x", unreachable)))
        .isInstanceOf(PermanentPlatformException.class)
        .hasMessage("The media could not be fetched from this uri: " + unreachable);
    assertThat(SANDBOX.control().posts("instagram", IG_USER)).isEmpty();
  }

  @Test
  void reportsAContainerInErrorAsPermanent() {
    String notAnImage = SANDBOX.baseUrl() + "/_sandbox/posts";

    assertThatThrownBy(() -> connector.publish(account, post("x", notAnImage)))
        .isInstanceOf(PermanentPlatformException.class)
        .hasMessageContaining("not supported");
  }

  @Test
  void reportsAnInvalidTokenAsAuthExpired() {
    AccountCredentials badToken =
        SandboxFixture.credentials(Platform.INSTAGRAM, IG_USER, "bakery", "stale", Map.of());

    assertThatThrownBy(() -> connector.publish(badToken, post("x", SandboxFixture.imageUrl())))
        .isInstanceOf(AuthExpiredException.class)
        .hasMessageContaining("Invalid OAuth access token");
  }

  @Test
  void reportsThrottlingAsTransientWithTheTimeToRegainAccess() {
    SANDBOX.control().failNext("instagram", IG_USER, new InjectedFailure(429, null), 1);

    assertThatThrownBy(() -> connector.publish(account, post("x", SandboxFixture.imageUrl())))
        .isInstanceOfSatisfying(
            TransientPlatformException.class,
            e -> assertThat(e.retryAfter()).isEqualTo(Duration.ofMinutes(1)));
  }

  @Test
  void reportsAServerErrorAsTransient() {
    SANDBOX.control().failNext("instagram", IG_USER, new InjectedFailure(503, null), 1);

    assertThatThrownBy(() -> connector.publish(account, post("x", SandboxFixture.imageUrl())))
        .isInstanceOf(TransientPlatformException.class);
  }

  @Test
  void reportsATooLongCaptionAsPermanent() {
    assertThatThrownBy(
            () -> connector.publish(account, post("a".repeat(2201), SandboxFixture.imageUrl())))
        .isInstanceOf(PermanentPlatformException.class)
        .hasMessageContaining("caption");
  }

  @Test
  void listsCommentsOnRecentMedia() {
    PublishedPost published =
        connector.publish(account, post("Ask me anything", SandboxFixture.imageUrl()));
    String commentId =
        SandboxFixture.control(
                "/_sandbox/instagram/comments",
                "{\"account_id\":\""
                    + IG_USER
                    + "\",\"media_id\":\""
                    + published.platformPostId()
                    + "\",\"username\":\"fan\",\"text\":\"Looks great\"}")
            .replaceAll(".*\"id\":\"(\\d+)\".*", "$1");

    List<PlatformComment> comments = connector.listRecentComments(account);

    assertThat(comments)
        .singleElement()
        .satisfies(
            c -> {
              assertThat(c.platformCommentId()).isEqualTo(commentId);
              assertThat(c.platformPostId()).isEqualTo(published.platformPostId());
              assertThat(c.authorName()).isEqualTo("fan");
              assertThat(c.authorId()).isNotBlank();
              assertThat(c.text()).isEqualTo("Looks great");
              assertThat(c.createdAt()).isCloseTo(Instant.now(), within(1, ChronoUnit.MINUTES));
            });
  }

  private static PublishRequest post(String caption, String... imageUrls) {
    List<MediaAttachment> media =
        java.util.Arrays.stream(imageUrls)
            .map(url -> new MediaAttachment(url, "image/jpeg", SandboxFixture.JPEG.length))
            .toList();
    return new PublishRequest("target", caption, media, Map.of());
  }
}

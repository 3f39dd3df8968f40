package dev.omnipost.connectors.mastodon;

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
import dev.omnipost.sandbox.control.InjectedFailure;
import dev.omnipost.sandbox.control.SandboxPost;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class MastodonConnectorTests {

  private static final String ACCOUNT = "1091";

  private final PlatformConnector connector =
      SandboxFixture.connectors().forPlatform(Platform.MASTODON).orElseThrow();
  private final AccountCredentials account =
      SandboxFixture.credentials(
          Platform.MASTODON,
          ACCOUNT,
          "alice",
          "good-token",
          Map.of("instance_url", SANDBOX.mastodonInstanceUrl()));

  @BeforeEach
  void registerAccount() {
    SANDBOX.control().reset();
    SandboxFixture.register("mastodon", ACCOUNT, "alice", "good-token");
  }

  @Test
  void publishesAStatusWithItsIdempotencyKeyAndReturnsThePermalink() {
    PublishedPost published = connector.publish(account, request("target-1", "Hello fediverse"));

    List<SandboxPost> posts = SANDBOX.control().posts("mastodon", ACCOUNT);
    assertThat(posts)
        .singleElement()
        .satisfies(
            post -> {
              assertThat(post.id()).isEqualTo(published.platformPostId());
              assertThat(post.text()).isEqualTo("Hello fediverse");
              assertThat(post.idempotencyKey()).isEqualTo("target-1");
              assertThat(post.permalink()).isEqualTo(published.permalink());
            });
    assertThat(published.permalink()).startsWith(SANDBOX.mastodonInstanceUrl() + "/@alice/");
  }

  @Test
  void publishesOnceWhenTheSameIdempotencyKeyIsSentTwice() {
    PublishedPost first = connector.publish(account, request("target-2", "Only once"));

    PublishedPost second = connector.publish(account, request("target-2", "Only once"));

    assertThat(second).isEqualTo(first);
    assertThat(SANDBOX.control().posts("mastodon", ACCOUNT)).hasSize(1);
  }

  @Test
  void uploadsMediaAndWaitsForProcessingBeforePosting() {
    var withImage =
        new PublishRequest(
            "target-3",
            "Look",
            List.of(
                new MediaAttachment(
                    SandboxFixture.imageUrl(), "image/jpeg", SandboxFixture.JPEG.length)),
            Map.of("visibility", "unlisted"));

    connector.publish(account, withImage);

    assertThat(SANDBOX.control().posts("mastodon", ACCOUNT))
        .singleElement()
        .satisfies(
            post ->
                assertThat(post.mediaUrls())
                    .singleElement()
                    .satisfies(
                        url ->
                            assertThat(url)
                                .startsWith(
                                    SANDBOX.mastodonInstanceUrl() + "/system/media_attachments/")));
  }

  @Test
  void reportsA503AsTransient() {
    SANDBOX.control().failNext("mastodon", ACCOUNT, new InjectedFailure(503, null), 1);

    assertThatThrownBy(() -> connector.publish(account, request("target-4", "x")))
        .isInstanceOfSatisfying(
            TransientPlatformException.class, e -> assertThat(e.httpStatus()).isEqualTo(503));
    assertThat(SANDBOX.control().posts("mastodon", ACCOUNT)).isEmpty();
  }

  @Test
  void reportsA429AsTransientWithTheWaitFromTheRateLimitReset() {
    SANDBOX.control().failNext("mastodon", ACCOUNT, new InjectedFailure(429, null), 1);

    assertThatThrownBy(() -> connector.publish(account, request("target-5", "x")))
        .isInstanceOfSatisfying(
            TransientPlatformException.class,
            e -> {
              assertThat(e.code()).isEqualTo("platform_rate_limited");
              assertThat(e.retryAfter()).isBetween(Duration.ofSeconds(50), Duration.ofSeconds(60));
            });
  }

  @Test
  void reportsARevokedTokenAsAuthExpired() {
    AccountCredentials revoked =
        SandboxFixture.credentials(
            Platform.MASTODON,
            ACCOUNT,
            "alice",
            "revoked-token",
            Map.of("instance_url", SANDBOX.mastodonInstanceUrl()));

    assertThatThrownBy(() -> connector.publish(revoked, request("target-6", "x")))
        .isInstanceOf(AuthExpiredException.class)
        .hasMessage("The access token is invalid");
  }

  @Test
  void reportsTooLongTextAsPermanentWithMastodonsMessage() {
    assertThatThrownBy(() -> connector.publish(account, request("target-7", "a".repeat(501))))
        .isInstanceOfSatisfying(
            PermanentPlatformException.class,
            e -> {
              assertThat(e.httpStatus()).isEqualTo(422);
              assertThat(e).hasMessage("Validation failed: Text character limit of 500 exceeded");
            });
  }

  @Test
  void reportsAnUnreachableInstanceAsTransient() {
    AccountCredentials nowhere =
        SandboxFixture.credentials(
            Platform.MASTODON,
            ACCOUNT,
            "alice",
            "good-token",
            Map.of("instance_url", "http://localhost:1/mastodon"));

    assertThatThrownBy(() -> connector.publish(nowhere, request("target-8", "x")))
        .isInstanceOfSatisfying(
            TransientPlatformException.class, e -> assertThat(e.httpStatus()).isZero());
  }

  @Test
  void refusesAnInstanceTheGuardDoesNotAllowWithoutSendingAnything() {
    // 127.0.0.2 is the sandbox too (all of 127/8 is loopback), but only 127.0.0.1 is allow-listed
    AccountCredentials internal =
        SandboxFixture.credentials(
            Platform.MASTODON,
            ACCOUNT,
            "alice",
            "good-token",
            Map.of("instance_url", "http://127.0.0.2:" + SANDBOX.port() + "/mastodon"));

    assertThatThrownBy(() -> connector.publish(internal, request("target-10", "x")))
        .isInstanceOfSatisfying(
            PermanentPlatformException.class,
            e -> {
              assertThat(e.code()).isEqualTo(PermanentPlatformException.NOT_ALLOWED);
              assertThat(e.httpStatus()).isZero();
              assertThat(e).hasMessageContaining("a loopback address");
            });
    assertThatThrownBy(() -> connector.metrics(internal, "113000000000000001"))
        .isInstanceOfSatisfying(
            PermanentPlatformException.class,
            e -> assertThat(e.code()).isEqualTo(PermanentPlatformException.NOT_ALLOWED));
    assertThatThrownBy(() -> connector.delete(internal, "113000000000000001"))
        .isInstanceOf(PermanentPlatformException.class);
    assertThatThrownBy(() -> connector.listMentions(internal, null))
        .isInstanceOf(PermanentPlatformException.class);
    assertThat(SANDBOX.control().posts("mastodon", ACCOUNT)).isEmpty();
    assertThat(SANDBOX.control().uploads("mastodon", ACCOUNT)).isEmpty();
  }

  @Test
  void refusesAnAccountWithoutInstanceUrl() {
    AccountCredentials incomplete =
        SandboxFixture.credentials(Platform.MASTODON, ACCOUNT, "alice", "good-token", Map.of());

    assertThatThrownBy(() -> connector.publish(incomplete, request("target-9", "x")))
        .isInstanceOf(PermanentPlatformException.class)
        .hasMessageContaining("instance_url");
  }

  private static PublishRequest request(String idempotencyKey, String text) {
    return new PublishRequest(idempotencyKey, text, List.of(), Map.of());
  }
}

package dev.omnipost.connectors;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Which platforms the unpublish route offers to delete on, asked without a platform call. */
class CanDeleteTests {

  private final PlatformConnectors connectors =
      PlatformConnectors.create(
          new ConnectorSettings(
              Map.of(), Duration.ofSeconds(1), Duration.ofMillis(100), Duration.ofSeconds(1), 25));

  @Test
  void connectorsThatImplementDeleteCanDeleteAndInstagramCannot() {
    assertThat(canDelete(Platform.MASTODON)).isTrue();
    assertThat(canDelete(Platform.TWITTER)).isTrue();
    assertThat(canDelete(Platform.LINKEDIN)).isTrue();
    assertThat(canDelete(Platform.PINTEREST)).isTrue();
    assertThat(canDelete(Platform.INSTAGRAM)).isFalse();
  }

  @Test
  void aConnectorLeavingDeleteAtItsDefaultCannotDelete() {
    PlatformConnector withoutDelete =
        new PlatformConnector() {
          @Override
          public Platform platform() {
            return Platform.THREADS;
          }

          @Override
          public dev.omnipost.connectors.steps.PublishStep nextPublishStep(
              AccountCredentials account,
              PublishRequest request,
              dev.omnipost.connectors.steps.StepState state,
              dev.omnipost.connectors.steps.StepContext context) {
            throw new UnsupportedOperationException();
          }

          @Override
          public dev.omnipost.connectors.steps.PostLookup findPublished(
              AccountCredentials account,
              PublishRequest request,
              dev.omnipost.connectors.steps.StepState state,
              dev.omnipost.connectors.steps.AttemptMarker attempt) {
            throw new UnsupportedOperationException();
          }
        };

    assertThat(withoutDelete.canDelete()).isFalse();
  }

  private boolean canDelete(Platform platform) {
    return connectors.forPlatform(platform).orElseThrow().canDelete();
  }
}

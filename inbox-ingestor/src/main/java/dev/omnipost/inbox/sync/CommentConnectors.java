package dev.omnipost.inbox.sync;

import dev.omnipost.connectors.Platform;
import dev.omnipost.connectors.PlatformConnector;
import dev.omnipost.connectors.PlatformConnectors;
import dev.omnipost.inbox.InboxProperties;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;

/**
 * The connectors whose comments are synced: those of {@link PlatformConnectors} whose platform is
 * listed in {@code omnipost.inbox.comment-platforms}.
 */
@Component
class CommentConnectors {

  private final PlatformConnectors connectors;
  private final Set<Platform> platforms;

  CommentConnectors(PlatformConnectors connectors, InboxProperties properties) {
    this.connectors = connectors;
    this.platforms =
        properties.commentPlatforms().stream()
            .map(
                id ->
                    Platform.fromId(id)
                        .orElseThrow(
                            () ->
                                new IllegalStateException(
                                    "omnipost.inbox.comment-platforms: unknown platform "
                                        + id
                                        + "; valid: "
                                        + Platform.ids())))
            .filter(connectors.platforms()::contains)
            .collect(Collectors.toUnmodifiableSet());
  }

  Optional<PlatformConnector> forPlatform(Platform platform) {
    return platforms.contains(platform) ? connectors.forPlatform(platform) : Optional.empty();
  }

  /** Platform ids to select accounts by. */
  List<String> platformIds() {
    return platforms.stream().map(Platform::id).sorted().toList();
  }
}

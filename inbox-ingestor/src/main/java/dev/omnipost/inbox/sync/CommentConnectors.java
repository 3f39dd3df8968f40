package dev.omnipost.inbox.sync;

import dev.omnipost.connectors.Platform;
import dev.omnipost.connectors.PlatformConnector;
import dev.omnipost.inbox.InboxProperties;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * The connectors whose comments are synced: every {@link PlatformConnector} bean of the context
 * whose platform is listed in {@code omnipost.inbox.comment-platforms}.
 */
@Component
class CommentConnectors {

  private final Map<Platform, PlatformConnector> connectors = new EnumMap<>(Platform.class);

  CommentConnectors(ObjectProvider<PlatformConnector> available, InboxProperties properties) {
    Set<Platform> wanted =
        properties.commentPlatforms().stream()
            .map(id -> Platform.fromId(id).orElseThrow(() -> new IllegalStateException(
                "omnipost.inbox.comment-platforms: unknown platform " + id + "; valid: " + Platform.ids())))
            .collect(Collectors.toSet());
    available.orderedStream()
        .filter(c -> wanted.contains(c.platform()))
        .forEach(c -> connectors.putIfAbsent(c.platform(), c));
  }

  Optional<PlatformConnector> forPlatform(Platform platform) {
    return Optional.ofNullable(connectors.get(platform));
  }

  /** Platform ids to select accounts by. */
  List<String> platformIds() {
    return connectors.keySet().stream().map(Platform::id).toList();
  }
}

package dev.omnipost.publisher.publishing;

import dev.omnipost.connectors.Platform;
import dev.omnipost.connectors.PlatformConnector;
import java.util.Optional;

/**
 * Finds the connector that speaks a platform; empty when this deployment has none for it. Kept as a
 * seam so the publishing code does not depend on how the connector registry is built.
 */
@FunctionalInterface
public interface PlatformConnectorLookup {

  Optional<PlatformConnector> find(Platform platform);
}

package dev.omnipost.connectors;

/** The platform's API has no such operation (answered as 501 by the gateway). */
public final class UnsupportedPlatformOperationException extends RuntimeException {

  private final Platform platform;

  public UnsupportedPlatformOperationException(Platform platform, String operation) {
    super(platform.id() + " does not support " + operation);
    this.platform = platform;
  }

  public Platform platform() {
    return platform;
  }
}

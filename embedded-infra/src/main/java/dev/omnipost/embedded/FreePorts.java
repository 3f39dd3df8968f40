package dev.omnipost.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/**
 * Finds loopback ports nobody is listening on, for servers that must be told their port up front.
 */
final class FreePorts {

  private FreePorts() {}

  /** Returns {@code requested} unless it is 0, in which case a currently free loopback port. */
  static int orFree(int requested) {
    return requested != 0 ? requested : free();
  }

  static int free() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      socket.setReuseAddress(true);
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("No free loopback port", e);
    }
  }
}

package dev.omnipost.localstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;

/**
 * The ports of every process in the stack. The defaults are fixed so the README's curl commands
 * work; tests ask for free ports instead.
 */
public record StackPorts(
    int postgres,
    int kafka,
    int sandbox,
    ServicePorts gateway,
    ServicePorts publisher,
    ServicePorts inbox,
    ServicePorts ai,
    ServicePorts dispatcher) {

  /** A service's API port and its management (health, Prometheus) port. */
  public record ServicePorts(int server, int management) {}

  public static StackPorts defaults() {
    return new StackPorts(
        54320,
        19092,
        8090,
        new ServicePorts(8080, 9080),
        new ServicePorts(8081, 9081),
        new ServicePorts(8082, 9082),
        new ServicePorts(8083, 9083),
        new ServicePorts(8084, 9084));
  }

  /** These ports, each moved up by {@code by} (a second stack next to one on the defaults). */
  public StackPorts offset(int by) {
    return new StackPorts(
        postgres + by,
        kafka + by,
        sandbox + by,
        new ServicePorts(gateway.server() + by, gateway.management() + by),
        new ServicePorts(publisher.server() + by, publisher.management() + by),
        new ServicePorts(inbox.server() + by, inbox.management() + by),
        new ServicePorts(ai.server() + by, ai.management() + by),
        new ServicePorts(dispatcher.server() + by, dispatcher.management() + by));
  }

  /** Free ports picked now (for tests, where fixed ports could clash). */
  public static StackPorts free() {
    return new StackPorts(
        freePort(),
        freePort(),
        freePort(),
        new ServicePorts(freePort(), freePort()),
        new ServicePorts(freePort(), freePort()),
        new ServicePorts(freePort(), freePort()),
        new ServicePorts(freePort(), freePort()),
        new ServicePorts(freePort(), freePort()));
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

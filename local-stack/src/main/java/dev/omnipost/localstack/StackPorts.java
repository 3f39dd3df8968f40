package dev.omnipost.localstack;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

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

  /** These ports, each moved up by {@code offset}. */
  public StackPorts shifted(int offset) {
    return new StackPorts(
        postgres + offset,
        kafka + offset,
        sandbox + offset,
        new ServicePorts(gateway.server() + offset, gateway.management() + offset),
        new ServicePorts(publisher.server() + offset, publisher.management() + offset),
        new ServicePorts(inbox.server() + offset, inbox.management() + offset),
        new ServicePorts(ai.server() + offset, ai.management() + offset),
        new ServicePorts(dispatcher.server() + offset, dispatcher.management() + offset));
  }

  /**
   * Free ports picked now (for tests, where fixed ports could clash). They are taken from below the
   * kernel's ephemeral range (Linux: 32768-60999), where no outgoing connection is ever given a
   * local port, so a stack that is stopped and started again on the same ports (a restart with the
   * data kept) finds them still free; a port the kernel handed out ({@code new ServerSocket(0)})
   * could meanwhile be taken by any client socket on the machine.
   */
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

  private static final int LOWEST = 20_000;
  private static final int BELOW_EPHEMERAL = 32_768;
  private static final AtomicInteger NEXT =
      new AtomicInteger(LOWEST + ThreadLocalRandom.current().nextInt(BELOW_EPHEMERAL - LOWEST));

  private static int freePort() {
    for (int tries = 0; tries < BELOW_EPHEMERAL - LOWEST; tries++) {
      int port = LOWEST + Math.floorMod(NEXT.getAndIncrement() - LOWEST, BELOW_EPHEMERAL - LOWEST);
      if (bindable(port)) {
        return port;
      }
    }
    throw new IllegalStateException(
        "no free port between " + LOWEST + " and " + BELOW_EPHEMERAL + " on this machine");
  }

  private static boolean bindable(int port) {
    try (ServerSocket socket = new ServerSocket()) {
      socket.setReuseAddress(false);
      socket.bind(new InetSocketAddress(port));
      return true;
    } catch (IOException taken) {
      return false;
    }
  }
}

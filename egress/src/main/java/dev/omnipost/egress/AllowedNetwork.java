package dev.omnipost.egress;

/**
 * One entry of the operator's allow-list: a network, optionally limited to one port ({@code
 * 10.20.0.0/16}, {@code 127.0.0.1/32:9999}, {@code ::1/128:9999}). The port follows the prefix
 * length, so IPv6 needs no brackets.
 */
record AllowedNetwork(Network network, Integer port) {

  static AllowedNetwork parse(String text) {
    String trimmed = text.trim();
    int slash = trimmed.indexOf('/');
    int colon = slash < 0 ? -1 : trimmed.indexOf(':', slash);
    if (colon < 0) {
      return new AllowedNetwork(Network.parse(trimmed), null);
    }
    int port;
    try {
      port = Integer.parseInt(trimmed.substring(colon + 1));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("not a port in allowed network " + text, e);
    }
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("port out of range in allowed network " + text);
    }
    return new AllowedNetwork(Network.parse(trimmed.substring(0, colon)), port);
  }

  boolean covers(byte[] address, int connectPort) {
    return network.contains(address) && (port == null || port == connectPort);
  }

  @Override
  public String toString() {
    return port == null ? network.toString() : network + ":" + port;
  }
}

package dev.omnipost.dispatcher.ssrf;

import java.net.InetAddress;
import java.net.UnknownHostException;

/** An IPv4 or IPv6 network such as {@code 10.0.0.0/8} or {@code fc00::/7}. */
record Cidr(byte[] network, int prefixLength, String text) {

  static Cidr parse(String text) {
    String trimmed = text.trim();
    int slash = trimmed.indexOf('/');
    if (slash < 0) {
      throw new IllegalArgumentException("not a CIDR (address/prefix): " + text);
    }
    byte[] network;
    try {
      // literal addresses only: getByName does no DNS lookup for them
      network = InetAddress.getByName(trimmed.substring(0, slash)).getAddress();
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException("not a CIDR address: " + text, e);
    }
    int prefix = Integer.parseInt(trimmed.substring(slash + 1));
    if (prefix < 0 || prefix > network.length * 8) {
      throw new IllegalArgumentException("CIDR prefix out of range: " + text);
    }
    return new Cidr(network, prefix, trimmed);
  }

  boolean contains(byte[] address) {
    if (address.length != network.length) {
      return false;
    }
    int fullBytes = prefixLength / 8;
    for (int i = 0; i < fullBytes; i++) {
      if (address[i] != network[i]) {
        return false;
      }
    }
    int remainingBits = prefixLength % 8;
    if (remainingBits == 0) {
      return true;
    }
    int mask = (0xFF << (8 - remainingBits)) & 0xFF;
    return (address[fullBytes] & mask) == (network[fullBytes] & mask);
  }

  @Override
  public String toString() {
    return text;
  }
}

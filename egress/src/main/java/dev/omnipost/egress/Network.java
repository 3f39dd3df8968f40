package dev.omnipost.egress;

import java.net.InetAddress;
import java.net.UnknownHostException;

/** An IPv4 or IPv6 network such as {@code 10.0.0.0/8} or {@code fc00::/7}. */
record Network(byte[] prefix, int prefixLength, String text) {

  static Network parse(String text) {
    String trimmed = text.trim();
    int slash = trimmed.indexOf('/');
    if (slash < 0) {
      throw new IllegalArgumentException("not a network (address/prefix-length): " + text);
    }
    String address = trimmed.substring(0, slash);
    if (!isLiteral(address)) {
      throw new IllegalArgumentException("not a network address: " + text);
    }
    byte[] bytes;
    try {
      // a literal address: getByName does no DNS lookup for it
      bytes = InetAddress.getByName(address).getAddress();
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException("not a network address: " + text, e);
    }
    if (address.contains(":") && bytes.length == 4) {
      // Java turns ::ffff:a.b.c.d into an IPv4 address; a mapped network would match nothing
      throw new IllegalArgumentException("write IPv4-mapped networks as IPv4: " + text);
    }
    int length;
    try {
      length = Integer.parseInt(trimmed.substring(slash + 1));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("not a prefix length: " + text, e);
    }
    if (length < 0 || length > bytes.length * 8) {
      throw new IllegalArgumentException("prefix length out of range: " + text);
    }
    return new Network(bytes, length, trimmed);
  }

  /** Digits, dots, colons and hex letters only, so parsing never becomes a name lookup. */
  private static boolean isLiteral(String address) {
    return !address.isEmpty()
        && address.chars().allMatch(c -> Character.digit(c, 16) >= 0 || c == '.' || c == ':')
        && (address.contains(":")
            || address.chars().allMatch(c -> c == '.' || Character.isDigit(c)));
  }

  boolean contains(byte[] address) {
    if (address.length != prefix.length) {
      return false;
    }
    int fullBytes = prefixLength / 8;
    for (int i = 0; i < fullBytes; i++) {
      if (address[i] != prefix[i]) {
        return false;
      }
    }
    int remainingBits = prefixLength % 8;
    if (remainingBits == 0) {
      return true;
    }
    int mask = (0xFF << (8 - remainingBits)) & 0xFF;
    return (address[fullBytes] & mask) == (prefix[fullBytes] & mask);
  }

  @Override
  public String toString() {
    return text;
  }
}

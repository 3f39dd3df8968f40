package dev.omnipost.egress;

import java.net.InetAddress;
import java.util.List;

/**
 * Says whether an address is global unicast, and if not what it is. Modelled on the IANA IPv4 and
 * IPv6 special-purpose address registries, but stricter: IPv6 must lie in {@code 2000::/3}, and a
 * few special blocks that IANA marks global (the 2001::/23 protocol assignments, 6to4 relays) are
 * refused too, since no webhook receiver lives there and they tunnel or translate to other
 * networks.
 */
final class AddressClassifier {

  private record Range(Network network, String kind) {}

  private static final List<Range> IPV4 =
      ranges(
          "0.0.0.0/8", "'this network'",
          "10.0.0.0/8", "private",
          "100.64.0.0/10", "shared (carrier-grade NAT)",
          "127.0.0.0/8", "loopback",
          "169.254.0.0/16", "link-local (cloud metadata)",
          "172.16.0.0/12", "private",
          "192.0.0.0/24", "IETF protocol assignment",
          "192.0.2.0/24", "documentation",
          "192.88.99.0/24", "6to4 relay anycast",
          "192.168.0.0/16", "private",
          "198.18.0.0/15", "benchmarking",
          "198.51.100.0/24", "documentation",
          "203.0.113.0/24", "documentation",
          "224.0.0.0/4", "multicast",
          "255.255.255.255/32", "broadcast",
          "240.0.0.0/4", "reserved");

  /** Inside 2000::/3 but not global unicast, or not for us. */
  private static final List<Range> IPV6_INSIDE_GLOBAL =
      ranges(
          "2001::/32", "Teredo",
          "2001::/23", "IETF protocol assignment (incl. benchmarking 2001:2::/48, ORCHID)",
          "2001:db8::/32", "documentation",
          "2002::/16", "6to4",
          "3fff::/20", "documentation");

  /** Outside 2000::/3, named for the message; anything else there is "reserved". */
  private static final List<Range> IPV6_OUTSIDE_GLOBAL =
      ranges(
          "::/128", "unspecified",
          "::1/128", "loopback",
          "::/96", "IPv4-compatible",
          "64:ff9b::/96", "NAT64",
          "64:ff9b:1::/48", "local NAT64",
          "100::/64", "discard-only",
          "fc00::/7", "unique local (private)",
          "fe80::/10", "link-local",
          "fec0::/10", "site-local",
          "ff00::/8", "multicast");

  private static final Network IPV6_GLOBAL_UNICAST = Network.parse("2000::/3");

  /**
   * Java turns a 16-byte mapped address into an {@code Inet4Address} (checked as IPv4), so only raw
   * bytes meet this; written out because {@code ::ffff:0:0} would parse as IPv4 too.
   */
  private static final Network IPV4_MAPPED =
      new Network(
          new byte[] {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte) 0xFF, (byte) 0xFF, 0, 0, 0, 0},
          96,
          "::ffff:0:0/96");

  private AddressClassifier() {}

  /** Null for a global unicast address, else what kind of address it is ("loopback", …). */
  static String nonGlobalKind(byte[] address) {
    if (address.length == 4) {
      return kindIn(IPV4, address);
    }
    if (IPV6_GLOBAL_UNICAST.contains(address)) {
      return kindIn(IPV6_INSIDE_GLOBAL, address);
    }
    if (IPV4_MAPPED.contains(address)) {
      return "IPv4-mapped";
    }
    String kind = kindIn(IPV6_OUTSIDE_GLOBAL, address);
    return kind != null ? kind : "reserved";
  }

  static String nonGlobalKind(InetAddress address) {
    return nonGlobalKind(address.getAddress());
  }

  private static String kindIn(List<Range> ranges, byte[] address) {
    for (Range range : ranges) {
      if (range.network().contains(address)) {
        return range.kind();
      }
    }
    return null;
  }

  private static List<Range> ranges(String... networkAndKind) {
    Range[] ranges = new Range[networkAndKind.length / 2];
    for (int i = 0; i < ranges.length; i++) {
      ranges[i] = new Range(Network.parse(networkAndKind[2 * i]), networkAndKind[2 * i + 1]);
    }
    return List.of(ranges);
  }
}

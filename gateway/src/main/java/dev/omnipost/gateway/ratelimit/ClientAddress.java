package dev.omnipost.gateway.ratelimit;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.springframework.http.server.reactive.ServerHttpRequest;

/**
 * The address a per-address limit counts against: the peer of the connection, or, behind {@code
 * trustedProxies} proxies, the address the outermost trusted proxy saw ({@code X-Forwarded-For}
 * read from the right, because only the entries our own proxies appended can be trusted; the left
 * part is whatever the client sent). IPv6 addresses count per /64, the block one subscriber usually
 * holds, so rotating through it gains nothing.
 */
final class ClientAddress {

  static final String FORWARDED_FOR = "X-Forwarded-For";

  private static final Pattern IPV4 =
      Pattern.compile("((25[0-5]|2[0-4]\\d|1?\\d?\\d)\\.){3}(25[0-5]|2[0-4]\\d|1?\\d?\\d)");
  private static final Pattern HEX_AND_COLONS = Pattern.compile("[0-9A-Fa-f:.]+");

  private ClientAddress() {}

  static String of(ServerHttpRequest request, int trustedProxies) {
    if (trustedProxies > 0) {
      List<String> hops = forwardedFor(request);
      if (hops.size() >= trustedProxies) {
        return normalise(hops.get(hops.size() - trustedProxies));
      }
    }
    InetSocketAddress remote = request.getRemoteAddress();
    if (remote == null) {
      return "unknown";
    }
    InetAddress address = remote.getAddress();
    return address == null ? remote.getHostString() : normalise(address);
  }

  private static List<String> forwardedFor(ServerHttpRequest request) {
    List<String> hops = new ArrayList<>();
    for (String header : request.getHeaders().getOrEmpty(FORWARDED_FOR)) {
      for (String hop : header.split(",")) {
        if (!hop.isBlank()) {
          hops.add(hop.trim());
        }
      }
    }
    return hops;
  }

  /** An address literal from a header, never resolved as a name (no DNS from client input). */
  private static String normalise(String hop) {
    String text =
        hop.startsWith("[") && hop.contains("]") ? hop.substring(1, hop.indexOf(']')) : hop;
    if (IPV4.matcher(text).matches()) {
      return text;
    }
    if (text.indexOf(':') >= 0 && HEX_AND_COLONS.matcher(text).matches()) {
      try {
        // brackets make the JDK parse an IPv6 literal or fail, never look the text up
        return normalise(InetAddress.getByName("[" + text + "]"));
      } catch (UnknownHostException notAnAddress) {
        return text;
      }
    }
    return text;
  }

  private static String normalise(InetAddress address) {
    if (address instanceof Inet6Address) {
      byte[] bytes = address.getAddress();
      StringBuilder prefix = new StringBuilder();
      for (int i = 0; i < 8; i += 2) {
        prefix.append(Integer.toHexString(((bytes[i] & 0xff) << 8) | (bytes[i + 1] & 0xff)));
        prefix.append(':');
      }
      return prefix.append(":/64").toString();
    }
    return address.getHostAddress();
  }
}

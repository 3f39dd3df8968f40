package dev.omnipost.dispatcher.ssrf;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.List;

/**
 * Keeps webhook URLs from reaching the dispatcher's own network (cloud metadata at 169.254.169.254,
 * databases on private addresses, localhost). The host is resolved once, every address it resolves
 * to is checked, and the caller connects to the vetted address, so a DNS answer that changes
 * between check and connect (DNS rebinding) cannot slip through. Networks in the explicit
 * allow-list (the local stack allows loopback) pass.
 */
public final class SsrfGuard {

  /**
   * Loopback, private, link-local, shared (CGNAT), multicast, reserved and their IPv6 kin.
   * IPv4-mapped IPv6 addresses are checked as the IPv4 address they carry.
   */
  private static final List<Cidr> BLOCKED =
      List.of(
              "0.0.0.0/8",
              "10.0.0.0/8",
              "100.64.0.0/10",
              "127.0.0.0/8",
              "169.254.0.0/16",
              "172.16.0.0/12",
              "192.0.0.0/24",
              "192.168.0.0/16",
              "198.18.0.0/15",
              "224.0.0.0/4",
              "240.0.0.0/4",
              "::/128",
              "::1/128",
              "64:ff9b::/96",
              "fc00::/7",
              "fe80::/10",
              "ff00::/8")
          .stream()
          .map(Cidr::parse)
          .toList();

  private final List<Cidr> allowed;
  private final HostResolver resolver;

  public SsrfGuard(List<String> allowedCidrs) {
    this(allowedCidrs, InetAddress::getAllByName);
  }

  SsrfGuard(List<String> allowedCidrs, HostResolver resolver) {
    this.allowed = allowedCidrs.stream().filter(s -> !s.isBlank()).map(Cidr::parse).toList();
    this.resolver = resolver;
  }

  /**
   * Resolves {@code url}'s host and returns the address to connect to; throws {@link
   * SsrfBlockedException} if the URL is not http(s), does not resolve, or any of its addresses is
   * in a blocked network outside the allow-list. The returned address keeps the host name, so TLS
   * still verifies the certificate against it.
   */
  public InetAddress vet(URI url) {
    String scheme = url.getScheme();
    if (scheme == null || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))) {
      throw new SsrfBlockedException("only http and https URLs are delivered to");
    }
    String host = url.getHost();
    if (host == null || host.isBlank()) {
      throw new SsrfBlockedException("the URL has no host");
    }
    String bareHost = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
    InetAddress[] addresses;
    try {
      addresses = resolver.resolve(bareHost);
    } catch (UnknownHostException e) {
      throw new SsrfBlockedException("the host " + host + " does not resolve");
    }
    if (addresses.length == 0) {
      throw new SsrfBlockedException("the host " + host + " does not resolve");
    }
    for (InetAddress address : addresses) {
      if (isBlocked(address.getAddress())) {
        throw new SsrfBlockedException(
            "the host "
                + host
                + " resolves to "
                + address.getHostAddress()
                + ", a private or reserved address");
      }
    }
    try {
      return InetAddress.getByAddress(bareHost, addresses[0].getAddress());
    } catch (UnknownHostException e) {
      throw new IllegalStateException("a resolved address has an invalid length", e);
    }
  }

  boolean isBlocked(byte[] address) {
    byte[] effective = embeddedIpv4(address);
    boolean blocked = BLOCKED.stream().anyMatch(c -> c.contains(address) || c.contains(effective));
    if (!blocked) {
      return false;
    }
    return allowed.stream().noneMatch(c -> c.contains(address) || c.contains(effective));
  }

  /** The IPv4 address inside an IPv4-mapped or IPv4-compatible IPv6 address, else the input. */
  private static byte[] embeddedIpv4(byte[] address) {
    if (address.length != 16) {
      return address;
    }
    for (int i = 0; i < 10; i++) {
      if (address[i] != 0) {
        return address;
      }
    }
    boolean mapped = address[10] == (byte) 0xFF && address[11] == (byte) 0xFF;
    boolean compatible = address[10] == 0 && address[11] == 0;
    return mapped || compatible ? Arrays.copyOfRange(address, 12, 16) : address;
  }

  /** DNS lookup, replaceable in tests. */
  @FunctionalInterface
  interface HostResolver {
    InetAddress[] resolve(String host) throws UnknownHostException;
  }
}

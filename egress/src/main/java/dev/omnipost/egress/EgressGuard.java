package dev.omnipost.egress;

import dev.omnipost.egress.EgressBlockedException.Reason;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Collection;
import java.util.List;
import java.util.Locale;

/**
 * The one SSRF guard: every URL fetched on a tenant's behalf (webhook endpoints today; media from a
 * URL and Mastodon instances when they come) is vetted here. Only http and https; every address the
 * host resolves to must be global unicast, unless the operator's allow-list ({@code
 * omnipost.egress.allowed-networks}) covers it and the port. Vetting a URL ahead of time (the
 * gateway does at creation) gives the tenant an early answer; the connection itself is protected by
 * {@link GuardedHttpClient}, which vets the addresses it resolves and connects to, so a DNS answer
 * that changes in between (rebinding) gains nothing.
 */
public final class EgressGuard {

  private final List<AllowedNetwork> allowed;
  private final HostResolver resolver;

  /** {@code allowedNetworks}: entries such as {@code 10.20.0.0/16} or {@code 127.0.0.1/32:9999}. */
  public EgressGuard(Collection<String> allowedNetworks, HostResolver resolver) {
    this.allowed =
        allowedNetworks.stream().filter(s -> !s.isBlank()).map(AllowedNetwork::parse).toList();
    this.resolver = resolver;
  }

  public EgressGuard(Collection<String> allowedNetworks) {
    this(allowedNetworks, HostResolver.SYSTEM);
  }

  /**
   * Checks the URL's form without any lookup: absolute http or https, a host, no user info. Answers
   * the port it names or its scheme's default.
   */
  public int checkForm(URI url) {
    String scheme = url.getScheme();
    if (scheme == null
        || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))
        || url.isOpaque()) {
      throw new EgressBlockedException(
          Reason.INVALID_URL, "only absolute http and https URLs are fetched");
    }
    if (url.getHost() == null || url.getHost().isBlank()) {
      throw new EgressBlockedException(Reason.INVALID_URL, "the URL has no host");
    }
    if (url.getRawUserInfo() != null) {
      throw new EgressBlockedException(Reason.INVALID_URL, "the URL carries user info");
    }
    if (url.getPort() != -1) {
      return url.getPort();
    }
    return scheme.toLowerCase(Locale.ROOT).equals("https") ? 443 : 80;
  }

  /**
   * Checks the form, resolves the host, and answers its addresses if every one of them may be
   * reached; throws {@link EgressBlockedException} otherwise. Blocks on DNS: call it off event-loop
   * threads.
   */
  public List<InetAddress> vet(URI url) {
    int port = checkForm(url);
    String host = url.getHost();
    List<InetAddress> addresses = resolve(bare(host));
    if (host.startsWith("[") && addresses.get(0) instanceof Inet4Address) {
      // Java reads [::ffff:a.b.c.d] as IPv4; refuse the disguise rather than guess intent
      throw blocked(host, "an IPv4-mapped IPv6 address");
    }
    for (InetAddress address : addresses) {
      check(host, address, port);
    }
    return addresses;
  }

  /** Resolves {@code host} and vets every address for {@code port}; blocks on DNS. */
  List<InetAddress> resolveAndVet(String host, int port) {
    List<InetAddress> addresses = resolve(bare(host));
    for (InetAddress address : addresses) {
      check(host, address, port);
    }
    return addresses;
  }

  /** Throws unless a connection to {@code address} is allowed. */
  public void check(InetSocketAddress address) {
    if (address.isUnresolved()) {
      throw new EgressBlockedException(
          Reason.ADDRESS_NOT_ALLOWED, "refusing to connect to an unresolved address");
    }
    check(address.getHostString(), address.getAddress(), address.getPort());
  }

  /** Whether {@code address} on {@code port} may be reached: global unicast or allow-listed. */
  public boolean allows(InetAddress address, int port) {
    return kindIfRefused(address, port) == null;
  }

  private void check(String host, InetAddress address, int port) {
    String kind = kindIfRefused(address, port);
    if (kind != null) {
      throw blocked(host, article(kind) + " address");
    }
  }

  private String kindIfRefused(InetAddress address, int port) {
    String kind = AddressClassifier.nonGlobalKind(address);
    if (kind == null) {
      return null;
    }
    byte[] bytes = address.getAddress();
    return allowed.stream().anyMatch(a -> a.covers(bytes, port)) ? null : kind;
  }

  private List<InetAddress> resolve(String host) {
    InetAddress[] addresses;
    try {
      addresses = resolver.resolve(host);
    } catch (UnknownHostException e) {
      addresses = null;
    }
    if (addresses == null || addresses.length == 0) {
      throw new EgressBlockedException(
          Reason.UNRESOLVABLE, "the host " + host + " does not resolve");
    }
    return List.of(addresses);
  }

  private static EgressBlockedException blocked(String host, String what) {
    return new EgressBlockedException(
        Reason.ADDRESS_NOT_ALLOWED,
        "the host "
            + host
            + " is or resolves to "
            + what
            + "; only public (global unicast) addresses are allowed unless the operator"
            + " allow-lists the network");
  }

  private static String bare(String host) {
    return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
  }

  private static String article(String kind) {
    return ("aeiou".indexOf(Character.toLowerCase(kind.charAt(0))) >= 0 ? "an " : "a ") + kind;
  }

  @Override
  public String toString() {
    return "EgressGuard" + allowed;
  }
}

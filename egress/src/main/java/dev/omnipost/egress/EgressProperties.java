package dev.omnipost.egress;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the SSRF guard ({@code omnipost.egress.*}), the same in every service that fetches on
 * a tenant's behalf (the gateway vets at creation, the dispatcher at delivery).
 *
 * @param allowedNetworks networks that are reachable although not public, each optionally limited
 *     to one port: {@code 10.20.0.0/16}, {@code 127.0.0.1/32:9999}. Empty by default, so production
 *     never reaches private networks by accident; the local stack allows only its webhook
 *     receiver's port.
 */
@ConfigurationProperties("omnipost.egress")
public record EgressProperties(@DefaultValue List<String> allowedNetworks) {

  public EgressProperties {
    allowedNetworks = allowedNetworks == null ? List.of() : List.copyOf(allowedNetworks);
    // fail at start, not at the first request
    allowedNetworks.stream().filter(s -> !s.isBlank()).forEach(AllowedNetwork::parse);
  }

  public EgressGuard guard() {
    return new EgressGuard(allowedNetworks);
  }

  public EgressGuard guard(HostResolver resolver) {
    return new EgressGuard(allowedNetworks, resolver);
  }

  /**
   * The guard with {@code extraNetworks} allowed too, for one kind of host only: Mastodon instances
   * ({@code omnipost.oauth.instance-networks}, so a sandbox instance stays reachable while webhooks
   * still cannot reach it).
   */
  public EgressGuard guard(Collection<String> extraNetworks, HostResolver resolver) {
    List<String> networks = new ArrayList<>(allowedNetworks);
    networks.addAll(extraNetworks);
    return new EgressGuard(networks, resolver);
  }
}

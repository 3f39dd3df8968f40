package dev.omnipost.gateway;

import dev.omnipost.egress.HostResolver;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Map;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * The gateway tests' DNS: a few fixed names, literal addresses and {@code localhost}; any other
 * name does not resolve, so no test depends on (or reaches) real DNS.
 */
@TestConfiguration(proxyBeanMethods = false)
public class TestDns {

  /** Public-looking names resolve to a global address; the others to what the guard refuses. */
  public static final Map<String, String> NAMES =
      Map.of(
          "hooks.example.com", "93.184.215.14",
          "receiver.example", "93.184.215.14",
          "metadata.example", "169.254.169.254",
          "internal.example", "10.0.0.5");

  @Bean
  HostResolver testDns() {
    return host -> {
      String address = NAMES.get(host);
      if (address != null) {
        return new InetAddress[] {InetAddress.getByName(address)};
      }
      if (host.equals("localhost") || host.matches("[0-9.]+") || host.contains(":")) {
        return InetAddress.getAllByName(host);
      }
      throw new UnknownHostException(host);
    };
  }
}

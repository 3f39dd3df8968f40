package dev.omnipost.gateway.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;

class ClientAddressTests {

  private static MockServerHttpRequest.BaseBuilder<?> from(String peer) {
    return MockServerHttpRequest.get("/v1/health")
        .remoteAddress(new InetSocketAddress(peer, 40000));
  }

  @Test
  void xForwardedForIsIgnoredUnlessProxiesAreTrusted() {
    MockServerHttpRequest request =
        from("192.0.2.7").header("X-Forwarded-For", "198.51.100.1").build();

    assertThat(ClientAddress.of(request, 0)).isEqualTo("192.0.2.7");
  }

  @Test
  void behindTrustedProxiesTheAddressTheOutermostOneSawCounts() {
    MockServerHttpRequest request =
        from("10.0.0.2")
            .header("X-Forwarded-For", "6.6.6.6, 198.51.100.1")
            .header("X-Forwarded-For", "10.0.0.1")
            .build();

    assertThat(ClientAddress.of(request, 1)).isEqualTo("10.0.0.1");
    assertThat(ClientAddress.of(request, 2)).isEqualTo("198.51.100.1");
  }

  @Test
  void fewerHopsThanTrustedProxiesFallBackToThePeer() {
    MockServerHttpRequest request =
        from("192.0.2.7").header("X-Forwarded-For", "198.51.100.1").build();

    assertThat(ClientAddress.of(request, 2)).isEqualTo("192.0.2.7");
  }

  @Test
  void ipv6AddressesCountPerSlash64() {
    MockServerHttpRequest one = from("2001:db8:1:2::1").build();
    MockServerHttpRequest sameBlock = from("2001:db8:1:2:ffff::9").build();
    MockServerHttpRequest forwarded =
        from("10.0.0.2").header("X-Forwarded-For", "[2001:db8:1:2::5]").build();

    assertThat(ClientAddress.of(one, 0)).isEqualTo("2001:db8:1:2::/64");
    assertThat(ClientAddress.of(sameBlock, 0)).isEqualTo("2001:db8:1:2::/64");
    assertThat(ClientAddress.of(forwarded, 1)).isEqualTo("2001:db8:1:2::/64");
  }

  @Test
  void headerTextThatIsNoAddressIsCountedAsSentNeverResolved() {
    MockServerHttpRequest request =
        from("10.0.0.2").header("X-Forwarded-For", "cafe, evil.example").build();

    assertThat(ClientAddress.of(request, 1)).isEqualTo("evil.example");
    assertThat(ClientAddress.of(request, 2)).isEqualTo("cafe");
  }
}

package dev.omnipost.egress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.omnipost.egress.EgressBlockedException.Reason;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class EgressGuardTests {

  @ParameterizedTest(name = "{0} is {1}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          0.0.0.0          | 'this network'
          0.255.1.2        | 'this network'
          10.1.2.3         | private
          100.64.0.1       | shared (carrier-grade NAT)
          100.127.255.254  | shared (carrier-grade NAT)
          127.0.0.1        | loopback
          127.255.0.9      | loopback
          169.254.169.254  | link-local (cloud metadata)
          172.16.0.1       | private
          172.31.255.255   | private
          192.0.0.8        | IETF protocol assignment
          192.0.2.10       | documentation
          192.88.99.1      | 6to4 relay anycast
          192.168.1.1      | private
          198.18.0.1       | benchmarking
          198.19.255.255   | benchmarking
          198.51.100.7     | documentation
          203.0.113.200    | documentation
          224.0.0.1        | multicast
          239.255.255.250  | multicast
          240.0.0.1        | reserved
          255.255.255.255  | broadcast
          ::               | unspecified
          ::1              | loopback
          ::127.0.0.1      | IPv4-compatible
          64:ff9b::a9fe:a9fe | NAT64
          64:ff9b:1::1     | local NAT64
          100::1           | discard-only
          2001::1          | Teredo
          2001:0:4136:e378:8000:63bf:3fff:fdd2 | Teredo
          2001:2::1        | IETF protocol assignment
          2001:20::1       | IETF protocol assignment
          2001:db8::1      | documentation
          2002:7f00:1::1   | 6to4
          2002:a9fe:a9fe::1 | 6to4
          3fff::1          | documentation
          3fff:fff:ffff::1 | documentation
          fc00::1          | unique local (private)
          fd12:3456::1     | unique local (private)
          fe80::1          | link-local
          fec0::1          | site-local
          ff02::1          | multicast
          4000::1          | reserved
          5f00::1          | reserved
          """)
  void refusesEveryAddressThatIsNotGlobalUnicast(String address, String kind) throws Exception {
    EgressGuard guard = new EgressGuard(List.of(), resolvingTo(address));

    assertThatThrownBy(() -> guard.vet(URI.create("https://hooks.example.com/in")))
        .isInstanceOfSatisfying(
            EgressBlockedException.class,
            e -> assertThat(e.reason()).isEqualTo(Reason.ADDRESS_NOT_ALLOWED))
        .hasMessageContaining(kind)
        .hasMessageNotContaining(address);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "8.8.8.8",
        "1.1.1.1",
        "93.184.215.14",
        "100.63.255.255",
        "100.128.0.0",
        "172.15.255.255",
        "172.32.0.0",
        "192.0.1.255",
        "198.17.255.255",
        "198.20.0.0",
        "223.255.255.255",
        "2606:4700:4700::1111",
        "2a00:1450:4001:82b::200e",
        "2001:200::1",
        "2003::1",
        "3ffe:ffff::1"
      })
  void allowsGlobalUnicastAddresses(String address) throws Exception {
    EgressGuard guard = new EgressGuard(List.of(), resolvingTo(address));

    assertThat(guard.vet(URI.create("https://hooks.example.com/in")))
        .extracting(InetAddress::getHostAddress)
        .containsExactly(InetAddress.getByName(address).getHostAddress());
  }

  @Test
  void refusesLiteralPrivateMetadataAndMappedAddressesInTheUrl() {
    EgressGuard guard = new EgressGuard(List.of());

    for (String url :
        List.of(
            "http://169.254.169.254/latest/meta-data",
            "http://127.0.0.1:8090/",
            "http://[::1]:9080/actuator",
            "http://[::ffff:a9fe:a9fe]/",
            "http://[::ffff:127.0.0.1]/",
            "http://[::ffff:8.8.8.8]/",
            "http://[64:ff9b::7f00:1]/",
            "http://0.0.0.0:8080/")) {
      assertThatThrownBy(() -> guard.vet(URI.create(url)))
          .as(url)
          .isInstanceOfSatisfying(
              EgressBlockedException.class,
              e -> assertThat(e.reason()).isEqualTo(Reason.ADDRESS_NOT_ALLOWED));
    }
  }

  @Test
  void rawIpv4MappedAndCompatibleBytesAreRefusedWhateverIpv4TheyCarry() {
    byte[] mappedPublic = new byte[16];
    mappedPublic[10] = (byte) 0xFF;
    mappedPublic[11] = (byte) 0xFF;
    mappedPublic[12] = 8;
    mappedPublic[13] = 8;
    mappedPublic[14] = 8;
    mappedPublic[15] = 8;
    byte[] compatibleLoopback = new byte[16];
    compatibleLoopback[12] = 127;
    compatibleLoopback[15] = 1;

    assertThat(AddressClassifier.nonGlobalKind(mappedPublic)).isEqualTo("IPv4-mapped");
    assertThat(AddressClassifier.nonGlobalKind(compatibleLoopback)).isEqualTo("IPv4-compatible");
  }

  @Test
  void refusesWhenAnyResolvedAddressIsNotPublic() throws Exception {
    EgressGuard guard =
        new EgressGuard(
            List.of(),
            host ->
                new InetAddress[] {
                  InetAddress.getByName("93.184.215.14"), InetAddress.getByName("10.0.0.5")
                });

    assertThatThrownBy(() -> guard.vet(URI.create("https://hooks.example.com/")))
        .isInstanceOf(EgressBlockedException.class)
        .hasMessageContaining("a private address");
  }

  @Test
  void allowListedNetworksPassOnAnyPortUnlessTheEntryNamesOne() throws Exception {
    EgressGuard guard =
        new EgressGuard(List.of("10.20.0.0/16", "127.0.0.1/32:9999"), HostResolver.SYSTEM);

    assertThat(guard.allows(InetAddress.getByName("10.20.3.4"), 443)).isTrue();
    assertThat(guard.allows(InetAddress.getByName("10.20.3.4"), 5432)).isTrue();
    assertThat(guard.allows(InetAddress.getByName("10.21.0.1"), 443)).isFalse();
    assertThat(guard.allows(InetAddress.getByName("127.0.0.1"), 9999)).isTrue();
    assertThat(guard.allows(InetAddress.getByName("127.0.0.1"), 8090)).isFalse();
    assertThat(guard.allows(InetAddress.getByName("127.0.0.1"), 9080)).isFalse();
    assertThat(guard.allows(InetAddress.getByName("127.0.0.2"), 9999)).isFalse();
    assertThat(guard.vet(URI.create("http://127.0.0.1:9999/hooks"))).hasSize(1);
    assertThatThrownBy(() -> guard.vet(URI.create("http://127.0.0.1:8090/sandbox")))
        .isInstanceOf(EgressBlockedException.class)
        .hasMessageContaining("loopback");
  }

  @Test
  void anIpv6AllowListEntryMayNameAPortWithoutBrackets() throws Exception {
    EgressGuard guard = new EgressGuard(List.of("::1/128:9999", "fd00:1::/32"));

    assertThat(guard.allows(InetAddress.getByName("::1"), 9999)).isTrue();
    assertThat(guard.allows(InetAddress.getByName("::1"), 9998)).isFalse();
    assertThat(guard.allows(InetAddress.getByName("fd00:1::7"), 80)).isTrue();
    assertThat(guard.allows(InetAddress.getByName("fd00:2::7"), 80)).isFalse();
  }

  @Test
  void theDefaultPortOfTheSchemeIsWhatTheAllowListSees() throws Exception {
    EgressGuard guard = new EgressGuard(List.of("10.0.0.0/8:443"), resolvingTo("10.1.1.1"));

    assertThat(guard.vet(URI.create("https://hooks.internal/in"))).hasSize(1);
    assertThatThrownBy(() -> guard.vet(URI.create("http://hooks.internal/in")))
        .isInstanceOf(EgressBlockedException.class);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "127.0.0.1",
        "localhost/8",
        "10.0.0.0/33",
        "10.0.0.0/x",
        "127.0.0.1/32:0",
        "127.0.0.1/32:70000",
        "::1/129",
        "::ffff:127.0.0.1/128"
      })
  void aMalformedAllowListEntryFailsAtStart(String entry) {
    assertThatThrownBy(() -> new EgressProperties(List.of(entry)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void refusesOtherSchemesUserInfoAndUnresolvableHosts() {
    EgressGuard guard =
        new EgressGuard(
            List.of(),
            host -> {
              throw new UnknownHostException(host);
            });

    for (String url :
        List.of(
            "file:///etc/passwd",
            "gopher://hooks.example.com/",
            "ftp://hooks.example.com/",
            "mailto:ops@example.com",
            "https://user:pw@hooks.example.com/",
            "/relative")) {
      assertThatThrownBy(() -> guard.vet(URI.create(url)))
          .as(url)
          .isInstanceOfSatisfying(
              EgressBlockedException.class,
              e -> assertThat(e.reason()).isEqualTo(Reason.INVALID_URL));
    }
    assertThatThrownBy(() -> guard.vet(URI.create("https://nowhere.example/")))
        .isInstanceOfSatisfying(
            EgressBlockedException.class,
            e -> assertThat(e.reason()).isEqualTo(Reason.UNRESOLVABLE))
        .hasMessageContaining("does not resolve");
  }

  private static HostResolver resolvingTo(String address) throws UnknownHostException {
    InetAddress resolved = InetAddress.getByName(address);
    return host -> new InetAddress[] {resolved};
  }
}

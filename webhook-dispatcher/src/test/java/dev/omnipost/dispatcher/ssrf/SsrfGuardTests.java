package dev.omnipost.dispatcher.ssrf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SsrfGuardTests {

  @ParameterizedTest
  @ValueSource(
      strings = {
        "127.0.0.1",
        "10.1.2.3",
        "172.16.0.1",
        "172.31.255.255",
        "192.168.1.1",
        "169.254.169.254",
        "100.64.0.1",
        "100.127.255.254",
        "224.0.0.1",
        "239.255.255.250",
        "0.0.0.0",
        "255.255.255.255",
        "::1",
        "::",
        "fe80::1",
        "fd00::1",
        "ff02::1",
        "::ffff:127.0.0.1",
        "::ffff:169.254.169.254",
        "::ffff:10.0.0.1"
      })
  void blocksAHostResolvingToAPrivateOrReservedAddress(String address) throws Exception {
    SsrfGuard guard = new SsrfGuard(List.of(), resolvingTo(address));

    assertThatThrownBy(() -> guard.vet(URI.create("https://hooks.example.com/in")))
        .isInstanceOf(SsrfBlockedException.class)
        .hasMessageContaining("private or reserved");
  }

  @Test
  void blocksLiteralMetadataAndMappedAddressesInTheUrl() {
    SsrfGuard guard = new SsrfGuard(List.of());

    assertThatThrownBy(() -> guard.vet(URI.create("http://169.254.169.254/latest/meta-data")))
        .isInstanceOf(SsrfBlockedException.class);
    assertThatThrownBy(() -> guard.vet(URI.create("http://[::ffff:a9fe:a9fe]/")))
        .isInstanceOf(SsrfBlockedException.class);
  }

  @Test
  void blocksWhenAnyResolvedAddressIsPrivate() throws Exception {
    SsrfGuard guard =
        new SsrfGuard(
            List.of(),
            host ->
                new InetAddress[] {
                  InetAddress.getByName("93.184.216.34"), InetAddress.getByName("10.0.0.5")
                });

    assertThatThrownBy(() -> guard.vet(URI.create("https://hooks.example.com/")))
        .isInstanceOf(SsrfBlockedException.class);
  }

  @Test
  void pinsThePublicAddressItVettedAndKeepsTheHostName() throws Exception {
    SsrfGuard guard = new SsrfGuard(List.of(), resolvingTo("93.184.216.34"));

    InetAddress vetted = guard.vet(URI.create("https://hooks.example.com/in"));

    assertThat(vetted.getHostAddress()).isEqualTo("93.184.216.34");
    assertThat(vetted.getHostName()).isEqualTo("hooks.example.com");
  }

  @Test
  void allowsPrivateAddressesInsideTheAllowList() throws Exception {
    SsrfGuard guard =
        new SsrfGuard(List.of("127.0.0.0/8", "10.20.0.0/16"), resolvingTo("10.20.3.4"));

    assertThat(guard.vet(URI.create("http://receiver.internal:9000/")).getHostAddress())
        .isEqualTo("10.20.3.4");
    assertThat(
            new SsrfGuard(List.of("127.0.0.0/8"))
                .vet(URI.create("http://127.0.0.1:8080/"))
                .getHostAddress())
        .isEqualTo("127.0.0.1");
  }

  @Test
  void theAllowListDoesNotOpenNeighbouringNetworks() throws Exception {
    SsrfGuard guard = new SsrfGuard(List.of("10.20.0.0/16"), resolvingTo("10.21.0.1"));

    assertThatThrownBy(() -> guard.vet(URI.create("http://receiver.internal/")))
        .isInstanceOf(SsrfBlockedException.class);
  }

  @Test
  void rejectsOtherSchemesAndUnresolvableHosts() {
    SsrfGuard guard =
        new SsrfGuard(
            List.of(),
            host -> {
              throw new UnknownHostException(host);
            });

    assertThatThrownBy(() -> guard.vet(URI.create("file:///etc/passwd")))
        .isInstanceOf(SsrfBlockedException.class);
    assertThatThrownBy(() -> guard.vet(URI.create("gopher://hooks.example.com/")))
        .isInstanceOf(SsrfBlockedException.class);
    assertThatThrownBy(() -> guard.vet(URI.create("https://nowhere.example/")))
        .isInstanceOf(SsrfBlockedException.class)
        .hasMessageContaining("does not resolve");
  }

  private static SsrfGuard.HostResolver resolvingTo(String address) throws UnknownHostException {
    InetAddress resolved = InetAddress.getByName(address);
    return host -> new InetAddress[] {resolved};
  }
}

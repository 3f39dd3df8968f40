package dev.omnipost.egress;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.netty.resolver.DefaultAddressResolverGroup;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.netty.http.client.HttpClient;
import reactor.test.StepVerifier;

/**
 * The pin, against a real loopback server standing in for an internal service (the sandbox control
 * API, an actuator): a guarded client never reaches it unless the allow-list names its port,
 * however the name resolves between vetting and connecting.
 */
class GuardedHttpClientTests {

  private HttpServer internal;
  private final List<String> hostHeaders = new CopyOnWriteArrayList<>();

  @BeforeEach
  void startInternalService() throws IOException {
    internal = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    internal.createContext(
        "/",
        exchange -> {
          hostHeaders.add(exchange.getRequestHeaders().getFirst("Host"));
          byte[] secret = "internal secret".getBytes();
          exchange.sendResponseHeaders(200, secret.length);
          exchange.getResponseBody().write(secret);
          exchange.close();
        });
    internal.start();
  }

  @AfterEach
  void stopInternalService() {
    internal.stop(0);
  }

  @Test
  void aNameThatRebindsToLoopbackAfterVettingNeverReachesTheLoopbackServer() throws Exception {
    AtomicInteger lookups = new AtomicInteger();
    HostResolver rebinding =
        host ->
            new InetAddress[] {
              InetAddress.getByName(lookups.incrementAndGet() == 1 ? "93.184.215.14" : "127.0.0.1")
            };
    EgressGuard guard = new EgressGuard(List.of(), rebinding);
    URI url = URI.create("http://rebind.example:" + port() + "/admin");

    assertThat(guard.vet(url))
        .extracting(InetAddress::getHostAddress)
        .containsExactly("93.184.215.14");

    StepVerifier.create(get(guard, url))
        .expectErrorSatisfies(
            e ->
                assertThat(blockedCause(e))
                    .isNotNull()
                    .satisfies(b -> assertThat(b.getMessage()).contains("loopback")))
        .verify(Duration.ofSeconds(10));
    assertThat(lookups).hasValue(2);
    assertThat(hostHeaders).isEmpty();
  }

  @Test
  void anAnswerMixingPublicAndLoopbackIsRefusedWhole() {
    HostResolver mixed =
        host ->
            new InetAddress[] {
              InetAddress.getByName("93.184.215.14"), InetAddress.getByName("127.0.0.1")
            };
    EgressGuard guard = new EgressGuard(List.of(), mixed);

    StepVerifier.create(get(guard, URI.create("http://mixed.example:" + port() + "/")))
        .expectErrorSatisfies(e -> assertThat(blockedCause(e)).isNotNull())
        .verify(Duration.ofSeconds(10));
    assertThat(hostHeaders).isEmpty();
  }

  @Test
  void aLiteralLoopbackUrlIsRefusedWithoutALookup() {
    EgressGuard guard =
        new EgressGuard(
            List.of(),
            host -> {
              throw new UnknownHostException("no lookup expected for " + host);
            });

    StepVerifier.create(get(guard, URI.create("http://127.0.0.1:" + port() + "/")))
        .expectErrorSatisfies(e -> assertThat(blockedCause(e)).isNotNull())
        .verify(Duration.ofSeconds(10));
    assertThat(hostHeaders).isEmpty();
  }

  @Test
  void theConnectCheckHoldsEvenIfTheResolverIsReplacedLater() {
    EgressGuard guard = new EgressGuard(List.of());
    HttpClient client =
        GuardedHttpClient.guard(HttpClient.create(), guard)
            .resolver(DefaultAddressResolverGroup.INSTANCE);

    StepVerifier.create(
            client
                .get()
                .uri("http://localhost:" + port() + "/")
                .responseContent()
                .aggregate()
                .asString())
        .expectErrorSatisfies(e -> assertThat(blockedCause(e)).isNotNull())
        .verify(Duration.ofSeconds(10));
    assertThat(hostHeaders).isEmpty();
  }

  @Test
  void anAllowListedPortIsReachedWithTheOriginalHostHeader() {
    EgressGuard guard =
        new EgressGuard(
            List.of("127.0.0.1/32:" + port()),
            host -> new InetAddress[] {InetAddress.getByName("127.0.0.1")});

    StepVerifier.create(get(guard, URI.create("http://receiver.test:" + port() + "/hook")))
        .expectNext("internal secret")
        .expectComplete()
        .verify(Duration.ofSeconds(10));
    assertThat(hostHeaders).containsExactly("receiver.test:" + port());
  }

  @Test
  void anAllowListEntryForAnotherPortDoesNotOpenThisOne() {
    EgressGuard guard = new EgressGuard(List.of("127.0.0.1/32:" + (port() == 9 ? 10 : 9)));

    StepVerifier.create(get(guard, URI.create("http://127.0.0.1:" + port() + "/")))
        .expectErrorSatisfies(e -> assertThat(blockedCause(e)).isNotNull())
        .verify(Duration.ofSeconds(10));
    assertThat(hostHeaders).isEmpty();
  }

  private reactor.core.publisher.Mono<String> get(EgressGuard guard, URI url) {
    return GuardedHttpClient.guard(HttpClient.create(), guard)
        .get()
        .uri(url)
        .responseContent()
        .aggregate()
        .asString();
  }

  private int port() {
    return internal.getAddress().getPort();
  }

  private static EgressBlockedException blockedCause(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof EgressBlockedException blocked) {
        return blocked;
      }
    }
    return null;
  }
}

package dev.omnipost.sandbox;

import java.time.Duration;
import org.springframework.test.web.reactive.server.WebTestClient;

/** One sandbox per test JVM, on a free port, reached over real HTTP. */
final class SharedSandbox {

  static final PlatformSandbox SANDBOX = PlatformSandbox.start(0);

  private SharedSandbox() {}

  static WebTestClient client() {
    return WebTestClient.bindToServer()
        .baseUrl(SANDBOX.baseUrl())
        .responseTimeout(Duration.ofSeconds(10))
        .build();
  }
}

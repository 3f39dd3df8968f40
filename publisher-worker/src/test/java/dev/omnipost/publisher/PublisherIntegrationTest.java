package dev.omnipost.publisher;

import dev.omnipost.embedded.SharedTestInfrastructure;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * One Spring context for every integration test of the module: the whole worker against the real
 * shared Kafka broker and PostgreSQL, the platform sandbox and a stand-in for the media URLs.
 */
@SpringBootTest(
    classes = PublisherWorkerApplication.class,
    properties = {
      "spring.config.name=" + PublisherWorkerApplication.CONFIG_NAME,
      "server.port=0",
      "management.server.port=0"
    })
@Import(TestData.class)
public abstract class PublisherIntegrationTest {

  @Autowired protected TestData data;

  @DynamicPropertySource
  static void infrastructure(DynamicPropertyRegistry registry) {
    SharedTestInfrastructure.get().springProperties().forEach((k, v) -> registry.add(k, () -> v));
    registry.add(
        "omnipost.platforms.base-urls.instagram", TestPlatforms.SANDBOX::instagramGraphUrl);
    registry.add("omnipost.media.public-base-url", TestPlatforms::mediaBaseUrl);
    for (String platform : java.util.List.of("pinterest", "tiktok")) {
      registry.add(
          "omnipost.oauth.hosts." + platform,
          () -> TestPlatforms.SANDBOX.baseUrl() + "/" + platform);
    }
    registry.add("omnipost.oauth.refresh-interval", () -> "200ms");
    // the sandbox's Mastodon instance, for instances only; 127.0.0.2 stays refused
    registry.add(
        "omnipost.oauth.instance-networks",
        () ->
            "127.0.0.1/32:"
                + TestPlatforms.SANDBOX.port()
                + ",::1/128:"
                + TestPlatforms.SANDBOX.port());
  }
}

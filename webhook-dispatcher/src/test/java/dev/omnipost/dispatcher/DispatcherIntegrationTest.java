package dev.omnipost.dispatcher;

import dev.omnipost.egress.HostResolver;
import dev.omnipost.embedded.SharedTestInfrastructure;
import dev.omnipost.events.CloudEvent;
import dev.omnipost.events.CloudEventCodec;
import dev.omnipost.events.Ids;
import dev.omnipost.events.Topics;
import dev.omnipost.events.posts.PostCreated;
import dev.omnipost.persistence.secrets.SecretCipher;
import dev.omnipost.persistence.secrets.SecretColumn;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Base64;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.TimeUnit;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * One dispatcher context on the shared real Kafka broker and PostgreSQL, with retries shortened to
 * about a second, four attempts in flight per endpoint, parking after 300 ms, and the {@link
 * WebhookReceiver}'s loopback port (only that one) allow-listed. A second loopback server, {@link
 * #internalService}, stands in for what the guard must keep webhooks away from; {@link #dns}
 * scripts what host names resolve to; {@link #spans} holds every span the dispatcher ended. Each
 * test creates its own workspace and endpoints.
 */
@SpringBootTest(
    classes = {
      WebhookDispatcherApplication.class,
      DispatcherIntegrationTest.ScriptedDnsConfig.class
    },
    webEnvironment = SpringBootTest.WebEnvironment.NONE,
    properties = {
      "spring.config.name=webhook-dispatcher",
      "omnipost.webhooks.retry-delays=1s,1s",
      "omnipost.webhooks.retry-jitter=0.1",
      "omnipost.webhooks.connect-timeout=1s",
      "omnipost.webhooks.request-timeout=10s",
      "omnipost.webhooks.max-in-flight-per-endpoint=4",
      "omnipost.webhooks.park-after=300ms",
      "omnipost.webhooks.parked-poll-interval=200ms"
    })
public abstract class DispatcherIntegrationTest {

  protected static final WebhookReceiver receiver = new WebhookReceiver();

  /** An internal service on loopback, on a port the allow-list does not name. */
  protected static final WebhookReceiver internalService = new WebhookReceiver();

  protected static final ScriptedDns dns = new ScriptedDns();

  @DynamicPropertySource
  static void infrastructure(DynamicPropertyRegistry registry) {
    SharedTestInfrastructure.get().springProperties().forEach((k, v) -> registry.add(k, () -> v));
    registry.add("omnipost.egress.allowed-networks", () -> "127.0.0.1/32:" + receiver.port());
  }

  static {
    // the receivers live as long as the cached context; hanging requests are released on exit
    Runtime.getRuntime().addShutdownHook(new Thread(receiver::close));
    Runtime.getRuntime().addShutdownHook(new Thread(internalService::close));
  }

  /** Puts {@link #dns} in place of the system resolver; records the ended spans. */
  @TestConfiguration(proxyBeanMethods = false)
  static class ScriptedDnsConfig {
    @Bean
    HostResolver scriptedDns() {
      return dns;
    }

    @Bean
    RecordedSpans recordedSpans() {
      return new RecordedSpans();
    }
  }

  /**
   * Host names answer from a script, one answer per lookup (the last repeats); literal addresses
   * and {@code localhost} resolve as usual; any other name does not resolve, so no test reaches
   * real DNS.
   */
  protected static final class ScriptedDns implements HostResolver {

    private final Map<String, Deque<String>> answers = new ConcurrentHashMap<>();

    /** {@code host} answers {@code addresses[0]} at its first lookup, then the next, … */
    public void script(String host, String... addresses) {
      answers.put(host, new ConcurrentLinkedDeque<>(List.of(addresses)));
    }

    @Override
    public InetAddress[] resolve(String host) throws UnknownHostException {
      Deque<String> script = answers.get(host);
      if (script != null) {
        String next = script.size() > 1 ? script.poll() : script.peek();
        return new InetAddress[] {InetAddress.getByName(next)};
      }
      if (host.equals("localhost") || host.matches("[0-9.]+") || host.contains(":")) {
        return InetAddress.getAllByName(host);
      }
      throw new UnknownHostException(host);
    }
  }

  @Autowired protected JdbcClient jdbc;
  @Autowired protected SecretCipher cipher;
  @Autowired protected KafkaTemplate<String, byte[]> kafka;
  @Autowired protected RecordedSpans spans;

  private final CloudEventCodec codec = new CloudEventCodec("/tests");

  protected String newWorkspace() {
    String id = Ids.newId("ws");
    jdbc.sql("INSERT INTO workspaces (id, name) VALUES (:id, 'dispatcher tests')")
        .param("id", id)
        .update();
    return id;
  }

  protected static String newSecret() {
    byte[] key = new byte[32];
    new java.security.SecureRandom().nextBytes(key);
    return "whsec_" + Base64.getEncoder().encodeToString(key);
  }

  protected String newEndpoint(String workspaceId, String url, List<String> events, String secret) {
    return newEndpoint(Ids.newId("whk"), workspaceId, url, events, secret);
  }

  protected String newEndpoint(
      String id, String workspaceId, String url, List<String> events, String secret) {
    jdbc.sql(
            """
            INSERT INTO webhook_endpoints (id, workspace_id, url, events, secret_enc)
            VALUES (:id, :ws, :url, :events, :secret)
            """)
        .param("id", id)
        .param("ws", workspaceId)
        .param("url", url)
        .param("events", events.toArray(String[]::new))
        .param("secret", cipher.encrypt(secret, SecretColumn.WEBHOOK_SECRET.of(id)))
        .update();
    return id;
  }

  protected CloudEvent postCreated(String workspaceId) {
    String postId = Ids.newId("post");
    return codec.wrap(
        new PostCreated(postId, "publishing", List.of("acc_1"), null), workspaceId, postId);
  }

  protected void publish(CloudEvent event) throws Exception {
    kafka
        .send(Topics.EVENTS, event.workspaceId(), CloudEventCodec.encode(event))
        .get(10, TimeUnit.SECONDS);
  }

  protected Map<String, Object> delivery(String endpointId, String eventId) {
    return jdbc.sql("SELECT * FROM webhook_deliveries WHERE endpoint_id = :e AND event_id = :ev")
        .param("e", endpointId)
        .param("ev", eventId)
        .query()
        .singleRow();
  }

  protected List<Map<String, Object>> deliveries(String endpointId) {
    return jdbc.sql("SELECT * FROM webhook_deliveries WHERE endpoint_id = :e")
        .param("e", endpointId)
        .query()
        .listOfRows();
  }

  protected List<Map<String, Object>> attempts(String deliveryId) {
    return jdbc.sql(
            "SELECT * FROM webhook_delivery_attempts WHERE delivery_id = :d ORDER BY attempt_number")
        .param("d", deliveryId)
        .query()
        .listOfRows();
  }
}

package dev.omnipost.dispatcher;

import dev.omnipost.embedded.SharedTestInfrastructure;
import dev.omnipost.events.CloudEvent;
import dev.omnipost.events.CloudEventCodec;
import dev.omnipost.events.Ids;
import dev.omnipost.events.Topics;
import dev.omnipost.events.posts.PostCreated;
import dev.omnipost.persistence.secrets.SecretCipher;
import dev.omnipost.persistence.secrets.SecretColumn;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * One dispatcher context on the shared real Kafka broker and PostgreSQL, with retries shortened to
 * about a second and loopback allowed so it can deliver to a {@link WebhookReceiver}. Each test
 * creates its own workspace and endpoints.
 */
@SpringBootTest(
    classes = WebhookDispatcherApplication.class,
    webEnvironment = SpringBootTest.WebEnvironment.NONE,
    properties = {
      "spring.config.name=webhook-dispatcher",
      "omnipost.webhooks.retry-delays=1s,1s",
      "omnipost.webhooks.retry-jitter=0.1",
      "omnipost.webhooks.allowed-cidrs=127.0.0.0/8",
      "omnipost.webhooks.connect-timeout=1s",
      "omnipost.webhooks.request-timeout=10s"
    })
public abstract class DispatcherIntegrationTest {

  protected static final WebhookReceiver receiver = new WebhookReceiver();

  @DynamicPropertySource
  static void infrastructure(DynamicPropertyRegistry registry) {
    SharedTestInfrastructure.get().springProperties().forEach((k, v) -> registry.add(k, () -> v));
  }

  static {
    // the receiver lives as long as the cached context; hanging requests are released on exit
    Runtime.getRuntime().addShutdownHook(new Thread(receiver::close));
  }

  @Autowired protected JdbcClient jdbc;
  @Autowired protected SecretCipher cipher;
  @Autowired protected KafkaTemplate<String, byte[]> kafka;

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

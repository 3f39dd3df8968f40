package dev.omnipost.publisher.publishing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.omnipost.connectors.AuthExpiredException;
import dev.omnipost.connectors.PermanentPlatformException;
import dev.omnipost.connectors.Platform;
import dev.omnipost.connectors.TransientPlatformException;
import dev.omnipost.events.Topics;
import dev.omnipost.publisher.PublisherProperties;
import java.lang.reflect.Method;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.context.expression.StandardBeanExpressionResolver;
import org.springframework.kafka.annotation.RetryableTopic;
import org.springframework.kafka.annotation.RetryableTopicAnnotationProcessor;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.ListenerExecutionFailedException;
import org.springframework.kafka.retrytopic.DestinationTopic;
import org.springframework.kafka.retrytopic.RetryTopicConfiguration;

/** The publishing listener's own {@code @RetryableTopic}, read the way Spring Kafka reads it. */
class RetryClassificationTests {

  private static final PublisherProperties.Retry RETRY =
      new PublisherProperties.Retry(4, Duration.ofSeconds(1), 2.0, Duration.ofSeconds(30));

  private List<DestinationTopic.Properties> destinations;

  @BeforeEach
  void readTheListenersAnnotation() throws Exception {
    DefaultListableBeanFactory beans = new DefaultListableBeanFactory();
    beans.setBeanExpressionResolver(new StandardBeanExpressionResolver());
    beans.addEmbeddedValueResolver(
        value ->
            value
                .replace("${omnipost.topics.partitions:6}", "6")
                .replace("${omnipost.topics.replication-factor:-1}", "-1"));
    beans.registerSingleton("publisherRetry", RETRY);
    beans.registerSingleton(
        "kafkaTemplate", new KafkaTemplate<>(new DefaultKafkaProducerFactory<>(Map.of())));
    Method listener = PublishCommandListener.class.getMethod("onCommand", ConsumerRecord.class);
    RetryTopicConfiguration configuration =
        new RetryableTopicAnnotationProcessor(beans)
            .processAnnotation(
                new String[] {Topics.PUBLISH_COMMANDS},
                listener,
                listener.getAnnotation(RetryableTopic.class),
                new PublishCommandListener(null, null, null));
    destinations = configuration.getDestinationTopicProperties();
  }

  @Test
  void retriesATransientPlatformFailureWrappedByTheListenerContainer() {
    var failure = new ListenerExecutionFailedException("listener failed", transientFailure());

    assertThat(mainTopic().shouldRetryOn(1, failure)).isTrue();
  }

  @Test
  void neverRetriesARejectionAnExpiredTokenOrAnUnreadableCommand() {
    var rejected =
        new PermanentPlatformException(Platform.MASTODON, 422, "Validation failed", null);
    var expired =
        new AuthExpiredException(Platform.MASTODON, 401, "The access token is invalid", null);
    var unreadable = new IllegalArgumentException("not a CloudEvent");

    assertThat(List.of(rejected, expired, unreadable))
        .noneMatch(e -> mainTopic().shouldRetryOn(1, new ListenerExecutionFailedException("x", e)));
  }

  @Test
  void stopsRetryingAfterTheConfiguredAttempts() {
    var failure = new ListenerExecutionFailedException("listener failed", transientFailure());

    assertThat(mainTopic().shouldRetryOn(RETRY.attempts(), failure)).isFalse();
  }

  @Test
  void backsOffExponentiallyThroughRetryTopicsToADeadLetterTopic() {
    assertThat(destinations)
        .extracting(DestinationTopic.Properties::delay)
        .containsExactly(0L, 1000L, 2000L, 4000L, 0L);
    assertThat(destinations.get(destinations.size() - 1).isDltTopic()).isTrue();
  }

  private DestinationTopic mainTopic() {
    return new DestinationTopic(Topics.PUBLISH_COMMANDS, destinations.get(0));
  }

  private static TransientPlatformException transientFailure() {
    return new TransientPlatformException(
        Platform.MASTODON, 503, "Service Unavailable", null, null);
  }
}

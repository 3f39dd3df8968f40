package dev.omnipost.persistence.topics;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.function.Consumer;
import java.util.function.Function;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer.SingleRecordHeader;
import org.springframework.kafka.retrytopic.DeadLetterPublishingRecovererFactory;
import org.springframework.kafka.retrytopic.RetryTopicConfiguration;
import org.springframework.kafka.retrytopic.RetryTopicConfigurationBuilder;
import org.springframework.kafka.retrytopic.RetryTopicSchedulerWrapper;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;

/**
 * The one way a worker sets up Spring Kafka's retry topics (DESIGN.md: "retry topics for what
 * fails"): the retry and dead-letter topics laid out as {@code omnipost.topics.*} says, the
 * scheduler that resumes a retry topic's partitions when its next message is due, and a dead-letter
 * header carrying the failure's code rather than its message.
 */
public final class RetryTopics {

  private RetryTopics() {}

  /**
   * Retry topics for a command topic with exponential backoff (factor 2, capped), none for an
   * {@link IllegalArgumentException} (a command that cannot be read never gets better), and the
   * dead letters handed to {@code onDeadLetter} of the listener bean {@code listenerBean}.
   */
  public static RetryTopicConfiguration exponential(
      String topic,
      int maxAttempts,
      Duration backoff,
      Duration maxBackoff,
      String listenerBean,
      KafkaTemplate<String, byte[]> kafkaTemplate,
      TopicProperties topics) {
    return RetryTopicConfigurationBuilder.newInstance()
        .includeTopic(topic)
        .maxAttempts(Math.max(1, maxAttempts))
        .exponentialBackoff(backoff.toMillis(), 2.0, maxBackoff.toMillis())
        .suffixTopicsWithIndexValues()
        .notRetryOn(IllegalArgumentException.class)
        .dltHandlerMethod(listenerBean, "onDeadLetter")
        // replicas and min.insync.replicas: omnipost.topics.*, applied by TopicSettingsKafkaAdmin
        .autoCreateTopicsWith(topics.partitions(), topics.replicationFactor())
        .create(kafkaTemplate);
  }

  /** Resumes retry-topic partitions once their next message is due, on threads named so. */
  public static RetryTopicSchedulerWrapper resumingScheduler(String threadNamePrefix) {
    ThreadPoolTaskScheduler scheduler = new ThreadPoolTaskScheduler();
    scheduler.setThreadNamePrefix(threadNamePrefix);
    scheduler.initialize();
    return new RetryTopicSchedulerWrapper(scheduler);
  }

  /**
   * Each retry and dead letter carries the failure's code in {@code header}, so the dead-letter
   * handler records why it failed without reading the exception's message, which may hold a
   * provider's or platform's own text; the listener's exception is not logged again.
   */
  public static Consumer<DeadLetterPublishingRecovererFactory> withFailureCode(
      String header, Function<Throwable, String> codeOf) {
    return factory -> {
      factory.neverLogListenerException();
      factory.setHeadersFunction(
          (record, exception) -> {
            RecordHeaders headers = new RecordHeaders();
            headers.add(
                new SingleRecordHeader(
                    header, codeOf.apply(exception).getBytes(StandardCharsets.UTF_8)));
            return headers;
          });
    };
  }
}

package dev.omnipost.aiworker;

import dev.omnipost.aiworker.providers.OfflineTextGenerator;
import dev.omnipost.aiworker.providers.OpenAiCompatibleTextGenerator;
import dev.omnipost.aiworker.providers.TextGenerator;
import dev.omnipost.events.CloudEventCodec;
import dev.omnipost.events.Topics;
import java.util.Locale;
import org.apache.kafka.clients.admin.NewTopic;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.KafkaOperations;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.util.backoff.ExponentialBackOff;

/**
 * The ai-worker's beans: the configured text provider and the consumer error handling (a few
 * retries with backoff for infrastructure failures, then the dead-letter topic; an unreadable
 * message goes there at once).
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(AiProperties.class)
public class AiWorkerConfiguration {

  /** Where requests that could not be processed end up, for an operator to inspect. */
  public static final String DEAD_LETTER_TOPIC = Topics.AI_GENERATION_REQUESTS + "-dlt";

  @Bean
  CloudEventCodec cloudEventCodec() {
    return new CloudEventCodec("/omnipost/ai-worker");
  }

  @Bean
  TextGenerator textGenerator(AiProperties properties) {
    String provider = properties.provider().strip().toLowerCase(Locale.ROOT);
    return switch (provider) {
      case OfflineTextGenerator.NAME -> new OfflineTextGenerator();
      case OpenAiCompatibleTextGenerator.NAME -> {
        AiProperties.OpenAi openai = properties.openai();
        yield new OpenAiCompatibleTextGenerator(
            openai.baseUrl(),
            openai.apiKey(),
            openai.model(),
            openai.timeout(),
            openai.temperature());
      }
      default ->
          throw new IllegalStateException(
              "omnipost.ai.provider must be offline or openai, not " + properties.provider());
    };
  }

  /** One partition: the recoverer sends every dead letter to partition 0. */
  @Bean
  NewTopic aiGenerationDeadLetters() {
    // replicas and min.insync.replicas: omnipost.topics.*, applied by TopicSettingsKafkaAdmin
    return TopicBuilder.name(DEAD_LETTER_TOPIC).partitions(1).build();
  }

  @Bean
  DefaultErrorHandler aiGenerationErrorHandler(KafkaOperations<Object, Object> kafka) {
    DeadLetterPublishingRecoverer recoverer =
        new DeadLetterPublishingRecoverer(
            kafka, (record, e) -> new org.apache.kafka.common.TopicPartition(DEAD_LETTER_TOPIC, 0));
    ExponentialBackOff backOff = new ExponentialBackOff(1_000, 2.0);
    backOff.setMaxElapsedTime(30_000);
    DefaultErrorHandler handler = new DefaultErrorHandler(recoverer, backOff);
    handler.addNotRetryableExceptions(IllegalArgumentException.class);
    return handler;
  }
}

package dev.omnipost.aiworker;

import dev.omnipost.aiworker.generation.GenerationFailure;
import dev.omnipost.aiworker.providers.ImageProvider;
import dev.omnipost.aiworker.providers.TextProvider;
import dev.omnipost.aiworker.providers.offline.OfflineImages;
import dev.omnipost.aiworker.providers.offline.OfflineWriter;
import dev.omnipost.aiworker.providers.openai.OpenAiCompatibleImages;
import dev.omnipost.aiworker.providers.openai.OpenAiCompatibleWriter;
import dev.omnipost.events.CloudEventCodec;
import dev.omnipost.events.Topics;
import dev.omnipost.persistence.topics.RetryTopics;
import dev.omnipost.persistence.topics.TopicProperties;
import java.util.Locale;
import java.util.function.Consumer;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.retrytopic.DeadLetterPublishingRecovererFactory;
import org.springframework.kafka.retrytopic.RetryTopicConfiguration;
import org.springframework.kafka.retrytopic.RetryTopicConfigurationSupport;
import org.springframework.kafka.retrytopic.RetryTopicSchedulerWrapper;
import org.springframework.scheduling.annotation.EnableScheduling;

/**
 * The ai-worker's beans: the configured text and image providers, and the one retry mechanism of
 * generation requests: non-blocking retry topics ({@code omnipost.ai-generation-requests-retry-0},
 * {@code -retry-1}, …) with exponential delays, then the dead-letter topic ({@code
 * omnipost.ai-generation-requests-dlt}), whose handler fails the generation and refunds it. No
 * consumer thread sleeps between attempts; an unreadable message goes to the dead letters at once.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(AiProperties.class)
@EnableScheduling
public class AiWorkerConfiguration extends RetryTopicConfigurationSupport {

  /** Where requests that failed every attempt end up; their handler fails and refunds them. */
  public static final String DEAD_LETTER_TOPIC = Topics.AI_GENERATION_REQUESTS + "-dlt";

  @Bean
  CloudEventCodec cloudEventCodec() {
    return new CloudEventCodec("/omnipost/ai-worker");
  }

  @Bean
  TextProvider textProvider(AiProperties properties) {
    AiProperties.OpenAi openai = properties.openai();
    return switch (normalized(properties.provider())) {
      case OfflineWriter.NAME -> new OfflineWriter();
      case OpenAiCompatibleWriter.NAME ->
          new OpenAiCompatibleWriter(
              openai.baseUrl(),
              openai.apiKey(),
              openai.model(),
              openai.timeout(),
              openai.temperature());
      default ->
          throw new IllegalStateException(
              "omnipost.ai.provider must be offline or openai, not " + properties.provider());
    };
  }

  @Bean
  ImageProvider imageProvider(AiProperties properties) {
    AiProperties.OpenAi openai = properties.openai();
    return switch (normalized(properties.effectiveImageProvider())) {
      case OfflineImages.NAME -> new OfflineImages();
      case OpenAiCompatibleImages.NAME ->
          new OpenAiCompatibleImages(
              openai.baseUrl(),
              openai.apiKey(),
              openai.imageModel(),
              openai.imageSizes(),
              openai.imageResponseFormat(),
              openai.timeout());
      case "none" -> ImageProvider.NONE;
      default ->
          throw new IllegalStateException(
              "omnipost.ai.image-provider must be offline, openai or none, not "
                  + properties.imageProvider());
    };
  }

  @Bean
  RetryTopicConfiguration generationRetryTopics(
      KafkaTemplate<String, byte[]> kafkaTemplate,
      AiProperties properties,
      TopicProperties topics) {
    return RetryTopics.exponential(
        Topics.AI_GENERATION_REQUESTS,
        properties.maxAttempts(),
        properties.retryBackoff(),
        properties.maxRetryBackoff(),
        "generateContentListener",
        kafkaTemplate,
        topics);
  }

  @Bean
  RetryTopicSchedulerWrapper retryTopicSchedulerWrapper() {
    return RetryTopics.resumingScheduler("ai-retry-");
  }

  /**
   * Each retry and dead letter carries the failure's code ({@link GenerationFailure#CODE_HEADER}).
   */
  @Override
  protected Consumer<DeadLetterPublishingRecovererFactory>
      configureDeadLetterPublishingContainerFactory() {
    return RetryTopics.withFailureCode(GenerationFailure.CODE_HEADER, GenerationFailure::codeOf);
  }

  private static String normalized(String name) {
    return name == null ? "" : name.strip().toLowerCase(Locale.ROOT);
  }
}

package dev.omnipost.aiworker.generation;

import dev.omnipost.events.CloudEvent;
import dev.omnipost.events.CloudEventCodec;
import dev.omnipost.events.Topics;
import dev.omnipost.events.commands.GenerateContent;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * Consumes generation requests. Failures of the infrastructure (database down) propagate to the
 * declared error handler; provider failures are business outcomes handled by the processor.
 */
@Component
class GenerateContentListener {

  private final GenerationProcessor processor;

  GenerateContentListener(GenerationProcessor processor) {
    this.processor = processor;
  }

  @KafkaListener(id = "ai-generator", topics = Topics.AI_GENERATION_REQUESTS)
  void onRequest(byte[] payload) {
    CloudEvent event = CloudEventCodec.decode(payload);
    if (!GenerateContent.TYPE.equals(event.type())) {
      throw new IllegalArgumentException("unexpected message type " + event.type());
    }
    processor.process(CloudEventCodec.dataAs(event, GenerateContent.class));
  }
}

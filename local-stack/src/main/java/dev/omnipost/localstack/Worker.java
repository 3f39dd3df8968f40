package dev.omnipost.localstack;

import dev.omnipost.aiworker.AiWorkerApplication;
import dev.omnipost.dispatcher.WebhookDispatcherApplication;
import dev.omnipost.inbox.InboxIngestorApplication;
import dev.omnipost.publisher.PublisherWorkerApplication;
import java.util.function.Supplier;
import org.springframework.boot.builder.SpringApplicationBuilder;

/** The four workers of the stack, each a Spring Boot application of its own. */
public enum Worker {
  PUBLISHER(PublisherWorkerApplication::builder),
  INBOX(InboxIngestorApplication::builder),
  AI(AiWorkerApplication::builder),
  DISPATCHER(WebhookDispatcherApplication::builder);

  private final Supplier<SpringApplicationBuilder> builder;

  Worker(Supplier<SpringApplicationBuilder> builder) {
    this.builder = builder;
  }

  SpringApplicationBuilder builder() {
    return builder.get();
  }
}

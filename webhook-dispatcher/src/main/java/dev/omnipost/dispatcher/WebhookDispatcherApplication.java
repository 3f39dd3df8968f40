package dev.omnipost.dispatcher;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;

/** Delivers domain events to webhook endpoints. */
@SpringBootApplication
public class WebhookDispatcherApplication {

  /** Settings file name, so several services can share one JVM in the local stack. */
  public static final String CONFIG_NAME = "webhook-dispatcher";

  public static SpringApplicationBuilder builder() {
    return new SpringApplicationBuilder(WebhookDispatcherApplication.class).properties("spring.config.name=" + CONFIG_NAME);
  }

  public static void main(String[] args) {
    builder().run(args);
  }
}

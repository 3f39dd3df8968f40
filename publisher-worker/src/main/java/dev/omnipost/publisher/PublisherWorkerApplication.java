package dev.omnipost.publisher;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;

/** Schedules and publishes post targets. */
@SpringBootApplication
public class PublisherWorkerApplication {

  /** Settings file name, so several services can share one JVM in the local stack. */
  public static final String CONFIG_NAME = "publisher-worker";

  public static SpringApplicationBuilder builder() {
    return new SpringApplicationBuilder(PublisherWorkerApplication.class).properties("spring.config.name=" + CONFIG_NAME);
  }

  public static void main(String[] args) {
    builder().run(args);
  }
}

package dev.omnipost.aiworker;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;

/** Runs AI text and image generations. */
@SpringBootApplication
public class AiWorkerApplication {

  /** Settings file name, so several services can share one JVM in the local stack. */
  public static final String CONFIG_NAME = "ai-worker";

  public static SpringApplicationBuilder builder() {
    return new SpringApplicationBuilder(AiWorkerApplication.class).properties("spring.config.name=" + CONFIG_NAME);
  }

  public static void main(String[] args) {
    builder().run(args);
  }
}

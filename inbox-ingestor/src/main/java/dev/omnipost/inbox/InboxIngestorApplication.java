package dev.omnipost.inbox;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;

/** Syncs platform comments into the unified inbox. */
@SpringBootApplication
public class InboxIngestorApplication {

  /** Settings file name, so several services can share one JVM in the local stack. */
  public static final String CONFIG_NAME = "inbox-ingestor";

  public static SpringApplicationBuilder builder() {
    return new SpringApplicationBuilder(InboxIngestorApplication.class).properties("spring.config.name=" + CONFIG_NAME);
  }

  public static void main(String[] args) {
    builder().run(args);
  }
}

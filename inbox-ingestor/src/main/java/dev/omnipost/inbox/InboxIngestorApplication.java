package dev.omnipost.inbox;

import dev.omnipost.persistence.PersistenceConfiguration;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.annotation.Import;

/** Syncs platform comments into the unified inbox. */
// Workers use JDBC only. R2DBC is excluded so that, when every service shares one JVM in the
// local stack (with the gateway's R2DBC on the classpath), a worker never gets a reactive
// connection factory or a second transaction manager.
@SpringBootApplication(
    excludeName = "org.springframework.boot.r2dbc.autoconfigure.R2dbcAutoConfiguration")
@Import(PersistenceConfiguration.class)
public class InboxIngestorApplication {

  /** Settings file name, so several services can share one JVM in the local stack. */
  public static final String CONFIG_NAME = "inbox-ingestor";

  public static SpringApplicationBuilder builder() {
    return new SpringApplicationBuilder(InboxIngestorApplication.class)
        .properties("spring.config.name=" + CONFIG_NAME);
  }

  public static void main(String[] args) {
    builder().run(args);
  }
}

package dev.omnipost.sandbox;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * Runs the platform sandbox as its own HTTP server (or in-process, see {@link PlatformSandbox}).
 */
// The sandbox has no database and no Kafka. When it shares a JVM (and so a classpath) with the
// services, in the local stack or in their tests, their data and messaging auto-configuration must
// not switch on for it.
@SpringBootApplication(
    excludeName = {
      "org.springframework.boot.r2dbc.autoconfigure.R2dbcAutoConfiguration",
      "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration",
      "org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration",
      "org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration"
    })
@ConfigurationPropertiesScan
public class PlatformSandboxApplication {

  /** Settings file name, so several services can share one JVM in the local stack. */
  public static final String CONFIG_NAME = "platform-sandbox";

  public static SpringApplicationBuilder builder() {
    return new SpringApplicationBuilder(PlatformSandboxApplication.class)
        .properties("spring.config.name=" + CONFIG_NAME);
  }

  public static void main(String[] args) {
    builder().run(args);
  }
}

package dev.omnipost.sandbox;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** Runs the platform sandbox as its own HTTP server (or in-process, see {@link PlatformSandbox}). */
@SpringBootApplication
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

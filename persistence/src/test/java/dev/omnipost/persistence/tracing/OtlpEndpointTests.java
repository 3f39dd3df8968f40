package dev.omnipost.persistence.tracing;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.otlp.OtlpTracingAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * {@code omnipost.tracing.otlp-endpoint} turns Boot's OTLP span exporter on, and its empty default
 * (the compose file's, when {@code OMNIPOST_OTLP_ENDPOINT} is not set) leaves it off instead of
 * failing the start as Boot's own setting would (ADR 30).
 */
class OtlpEndpointTests {

  /** The bean as {@code PersistenceConfiguration} declares it. */
  @Configuration(proxyBeanMethods = false)
  static class Declared {
    @Bean
    @Conditional(OtlpEndpoint.Configured.class)
    OtlpEndpoint otlpEndpoint(Environment environment) {
      return OtlpEndpoint.from(environment);
    }
  }

  private final ApplicationContextRunner runner =
      new ApplicationContextRunner()
          .withUserConfiguration(Declared.class)
          .withConfiguration(AutoConfigurations.of(OtlpTracingAutoConfiguration.class));

  @Test
  void anEndpointExportsSpansThereOverHttp() {
    runner
        .withPropertyValues("omnipost.tracing.otlp-endpoint=http://collector:4318/v1/traces")
        .run(
            context -> {
              assertThat(context).hasNotFailed().hasSingleBean(OtlpHttpSpanExporter.class);
              assertThat(context.getBean(OtlpEndpoint.class).getUrl(null))
                  .isEqualTo("http://collector:4318/v1/traces");
            });
  }

  @Test
  void anEmptyOrMissingEndpointExportsNothing() {
    runner
        .withPropertyValues("omnipost.tracing.otlp-endpoint=")
        .run(
            context ->
                assertThat(context).hasNotFailed().doesNotHaveBean(OtlpHttpSpanExporter.class));
    runner.run(
        context -> assertThat(context).hasNotFailed().doesNotHaveBean(OtlpHttpSpanExporter.class));
  }

  @Test
  void bootsOwnSettingStillWorksAndWins() {
    runner
        .withPropertyValues(
            "omnipost.tracing.otlp-endpoint=http://ours:4318/v1/traces",
            "management.opentelemetry.tracing.export.otlp.endpoint=http://boots:4318/v1/traces")
        .run(
            context -> {
              assertThat(context).hasNotFailed().hasSingleBean(OtlpHttpSpanExporter.class);
              assertThat(context).doesNotHaveBean(OtlpEndpoint.class);
            });
  }
}

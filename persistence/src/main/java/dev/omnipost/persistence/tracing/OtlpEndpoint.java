package dev.omnipost.persistence.tracing;

import org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.otlp.OtlpTracingConnectionDetails;
import org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.otlp.Transport;
import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.env.Environment;
import org.springframework.core.type.AnnotatedTypeMetadata;
import org.springframework.util.StringUtils;

/**
 * Span export from {@value #SETTING} (the compose file's {@code OMNIPOST_OTLP_ENDPOINT}, ADR 30):
 * an OTLP/HTTP endpoint such as {@code http://otel-collector:4318/v1/traces}. Set, Boot's OTLP
 * exporter sends every ended span there in batches; blank (the default), nothing leaves the
 * process. It is a setting of its own, not Boot's {@value #BOOT_SETTING}, because a deployment must
 * be able to leave it empty: Boot builds its exporter as soon as its own setting is present, empty
 * or not, and an empty endpoint fails the start. Boot's setting still works, and wins when both are
 * set.
 */
public final class OtlpEndpoint implements OtlpTracingConnectionDetails {

  public static final String SETTING = "omnipost.tracing.otlp-endpoint";
  static final String BOOT_SETTING = "management.opentelemetry.tracing.export.otlp.endpoint";

  private final String url;

  public OtlpEndpoint(String url) {
    this.url = url;
  }

  /** The endpoint {@code environment} names, for the condition's bean. */
  public static OtlpEndpoint from(Environment environment) {
    return new OtlpEndpoint(environment.getRequiredProperty(SETTING).trim());
  }

  @Override
  public String getUrl(Transport transport) {
    return url;
  }

  /** {@value #SETTING} has a value and Boot's own setting is not there. */
  public static final class Configured implements Condition {
    @Override
    public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
      Environment environment = context.getEnvironment();
      return StringUtils.hasText(environment.getProperty(SETTING))
          && !environment.containsProperty(BOOT_SETTING);
    }
  }
}

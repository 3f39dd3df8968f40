package dev.omnipost.gateway.db;

import io.r2dbc.spi.ConnectionFactory;
import java.time.Duration;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * Puts {@link SilenceBoundedConnectionFactory} around the R2DBC pool Spring Boot builds, bound by
 * {@code omnipost.gateway.database.silence-timeout} (default 3 s). PostgreSQL's own bounds are
 * connection options in {@code gateway.yml} ({@code spring.r2dbc.properties.statementTimeout},
 * {@code lockWaitTimeout}, {@code connectTimeout}) and the pool's {@code max-acquire-time} (ADR
 * 0025).
 */
@Configuration(proxyBeanMethods = false)
class DatabaseTimeoutsConfiguration {

  static final String SILENCE_TIMEOUT = "omnipost.gateway.database.silence-timeout";
  static final Duration DEFAULT_SILENCE_TIMEOUT = Duration.ofSeconds(3);

  @Bean
  static BeanPostProcessor silenceBoundedConnectionFactory(Environment environment) {
    return new BeanPostProcessor() {
      @Override
      public Object postProcessAfterInitialization(Object bean, String name) {
        if (bean instanceof ConnectionFactory factory
            && !(bean instanceof SilenceBoundedConnectionFactory)) {
          Duration silence =
              Binder.get(environment)
                  .bind(SILENCE_TIMEOUT, Duration.class)
                  .orElse(DEFAULT_SILENCE_TIMEOUT);
          return new SilenceBoundedConnectionFactory(factory, silence);
        }
        return bean;
      }
    };
  }
}

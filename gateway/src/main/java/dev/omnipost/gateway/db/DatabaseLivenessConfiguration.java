package dev.omnipost.gateway.db;

import io.r2dbc.pool.ConnectionPool;
import java.time.Duration;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * Puts {@link LivenessBoundConnectionFactory} around the R2DBC pool Spring Boot builds (so every
 * user of the {@code ConnectionFactory} bean, the transaction manager and {@code DatabaseClient}
 * alike, shares it), with a {@link DatabaseLiveness} probing through the pool's own driver factory:
 * {@code omnipost.gateway.database.liveness-interval} (250 ms) between probes, {@code
 * omnipost.gateway.database.liveness-timeout} (1 s) for an answer (ADR 0032).
 */
@Configuration(proxyBeanMethods = false)
class DatabaseLivenessConfiguration {

  static final String INTERVAL = "omnipost.gateway.database.liveness-interval";
  static final String TIMEOUT = "omnipost.gateway.database.liveness-timeout";

  @Bean
  static BeanPostProcessor livenessBoundConnectionFactory(Environment environment) {
    return new BeanPostProcessor() {
      @Override
      public Object postProcessAfterInitialization(Object bean, String name) {
        if (bean instanceof ConnectionPool pool) {
          Binder binder = Binder.get(environment);
          Duration interval = binder.bind(INTERVAL, Duration.class).orElse(Duration.ofMillis(250));
          Duration timeout = binder.bind(TIMEOUT, Duration.class).orElse(Duration.ofSeconds(1));
          return new LivenessBoundConnectionFactory(
              pool, new DatabaseLiveness(pool.unwrap(), interval, timeout));
        }
        return bean;
      }
    };
  }
}

package dev.omnipost.gateway.db;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.r2dbc.pool.ConnectionPool;
import io.r2dbc.pool.PoolMetrics;
import io.r2dbc.spi.ConnectionFactory;
import io.r2dbc.spi.Wrapped;
import java.time.Duration;
import java.util.function.ToDoubleFunction;
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

  /**
   * The R2DBC pool's own counts as gauges, under the names Spring Boot gives them ({@code
   * r2dbc.pool.acquired}, {@code .allocated}, {@code .idle}, {@code .pending}, {@code
   * .max.allocated}, tag {@code name=gateway}): Boot binds only a bare {@code ConnectionPool} bean,
   * and the bean here is the pool wrapped. {@code acquired} equal to {@code max.allocated} with
   * requests {@code pending} for long is a pool whose connections are not coming back.
   */
  @Bean
  static MeterBinder r2dbcPoolGauges(ConnectionFactory connectionFactory) {
    return registry -> {
      ConnectionPool pool = pool(connectionFactory);
      if (pool == null) {
        return;
      }
      gauge(registry, pool, "r2dbc.pool.acquired", PoolMetrics::acquiredSize, "lent out now");
      gauge(registry, pool, "r2dbc.pool.allocated", PoolMetrics::allocatedSize, "open now");
      gauge(registry, pool, "r2dbc.pool.idle", PoolMetrics::idleSize, "open and not lent");
      gauge(
          registry,
          pool,
          "r2dbc.pool.pending",
          PoolMetrics::pendingAcquireSize,
          "requests waiting for a connection");
      gauge(
          registry,
          pool,
          "r2dbc.pool.max.allocated",
          PoolMetrics::getMaxAllocatedSize,
          "the most the pool opens");
    };
  }

  private static void gauge(
      io.micrometer.core.instrument.MeterRegistry registry,
      ConnectionPool pool,
      String name,
      ToDoubleFunction<PoolMetrics> count,
      String description) {
    Gauge.builder(name, pool, p -> p.getMetrics().map(count::applyAsDouble).orElse(Double.NaN))
        .tag("name", "gateway")
        .description("R2DBC connections: " + description)
        .register(registry);
  }

  private static ConnectionPool pool(ConnectionFactory factory) {
    ConnectionFactory current = factory;
    while (true) {
      if (current instanceof ConnectionPool pool) {
        return pool;
      }
      if (current instanceof Wrapped<?> wrapped
          && wrapped.unwrap() instanceof ConnectionFactory inner) {
        current = inner;
      } else {
        return null;
      }
    }
  }
}

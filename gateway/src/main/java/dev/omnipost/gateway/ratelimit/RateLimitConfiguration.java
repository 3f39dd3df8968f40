package dev.omnipost.gateway.ratelimit;

import com.zaxxer.hikari.HikariDataSource;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.scheduling.annotation.EnableScheduling;

/**
 * The rate limiters. The per-key limiter gets a small JDBC pool of its own (same database as {@code
 * spring.datasource.*}, not a bean, so Flyway and the outbox relay keep theirs to themselves and a
 * burst of settlements never waits behind the relay).
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(RateLimitProperties.class)
@EnableScheduling
class RateLimitConfiguration {

  @Bean
  KeyRateLimiter keyRateLimiter(
      Environment environment, RateLimitProperties properties, MeterRegistry meters) {
    HikariDataSource pool = new HikariDataSource();
    pool.setJdbcUrl(environment.getRequiredProperty("spring.datasource.url"));
    pool.setUsername(environment.getProperty("spring.datasource.username"));
    pool.setPassword(environment.getProperty("spring.datasource.password"));
    pool.setPoolName("omnipost-rate-limit");
    pool.setMaximumPoolSize(properties.databaseConnections());
    pool.setMinimumIdle(1);
    pool.setConnectionTimeout(Math.max(250, properties.databaseTimeout().toMillis()));
    // a settlement that hangs in the network is abandoned by the request after database-timeout;
    // this frees its thread eventually
    pool.addDataSourceProperty("socketTimeout", "10");
    pool.setInitializationFailTimeout(-1); // start even if the database is not up yet
    return new KeyRateLimiter(pool, properties, meters);
  }

  @Bean
  AddressLimiter addressLimiter(RateLimitProperties properties) {
    return new AddressLimiter(properties);
  }
}

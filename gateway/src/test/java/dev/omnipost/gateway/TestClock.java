package dev.omnipost.gateway;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * The gateway tests' {@link Clock}: the system's unless a test fixes it ({@link #fix}, undone by
 * {@link #release}), so code that reads the context's clock (posting queues, quotas) can be tested
 * at a chosen instant, such as the night clocks change, in the one shared context.
 */
@TestConfiguration(proxyBeanMethods = false)
public class TestClock {

  @Bean
  Settable testClock() {
    return new Settable();
  }

  /** A clock that is the system's until fixed. */
  public static final class Settable extends Clock {

    private final AtomicReference<Instant> fixed = new AtomicReference<>();

    public void fix(Instant at) {
      fixed.set(at);
    }

    public void release() {
      fixed.set(null);
    }

    @Override
    public Instant instant() {
      Instant at = fixed.get();
      return at == null ? Instant.now() : at;
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      throw new UnsupportedOperationException("The test clock is UTC only");
    }
  }
}

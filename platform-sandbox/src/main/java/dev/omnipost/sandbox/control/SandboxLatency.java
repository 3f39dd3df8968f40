package dev.omnipost.sandbox.control;

import dev.omnipost.sandbox.SandboxProperties;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import org.springframework.stereotype.Component;

/**
 * How slow each simulated platform answers: a fixed delay plus a random jitter per API call, as a
 * real platform's few hundred milliseconds, so benchmarks and tests can see what latency does to
 * publishing. Starts from {@code omnipost.sandbox.latency.<platform>.*}, changeable at run time
 * through {@code PUT /_sandbox/latency}; {@code reset} goes back to the configured values.
 */
@Component
public class SandboxLatency implements Resettable {

  /** A platform's delay per call: {@code fixed} plus a uniform random part up to {@code jitter}. */
  public record Setting(Duration fixed, Duration jitter) {

    public static final Setting NONE = new Setting(Duration.ZERO, Duration.ZERO);

    public Setting {
      fixed = fixed == null ? Duration.ZERO : fixed;
      jitter = jitter == null ? Duration.ZERO : jitter;
      if (fixed.isNegative() || jitter.isNegative()) {
        throw new IllegalArgumentException("latency must not be negative");
      }
    }

    Duration draw() {
      long extra = jitter.isZero() ? 0 : ThreadLocalRandom.current().nextLong(jitter.toNanos() + 1);
      return fixed.plusNanos(extra);
    }
  }

  private final Map<String, Setting> configured;
  private final Map<String, Setting> current = new ConcurrentHashMap<>();

  SandboxLatency(SandboxProperties properties) {
    this.configured = Map.copyOf(properties.latencies());
    current.putAll(configured);
  }

  public Setting get(String platform) {
    return current.getOrDefault(platform, Setting.NONE);
  }

  public void set(String platform, Setting setting) {
    current.put(platform, setting);
  }

  /** The delay for the next call to {@code platform}. */
  public Duration next(String platform) {
    return get(platform).draw();
  }

  @Override
  public void reset() {
    current.clear();
    current.putAll(configured);
  }
}

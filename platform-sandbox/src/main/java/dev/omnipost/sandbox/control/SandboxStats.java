package dev.omnipost.sandbox.control;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.stereotype.Component;

/**
 * What the simulated platforms counted that a client should never cause: 429s answered by a
 * platform's own rate limit (benchmarks assert there were none).
 */
@Component
public class SandboxStats implements Resettable {

  private final Map<String, AtomicLong> rateLimited = new ConcurrentHashMap<>();

  public void rateLimited(String platform) {
    rateLimited.computeIfAbsent(platform, p -> new AtomicLong()).incrementAndGet();
  }

  /** 429s answered by each platform's rate limit since the last reset. */
  public Map<String, Long> rateLimited() {
    Map<String, Long> counts = new TreeMap<>();
    rateLimited.forEach((platform, count) -> counts.put(platform, count.get()));
    return counts;
  }

  @Override
  public void reset() {
    rateLimited.clear();
  }
}

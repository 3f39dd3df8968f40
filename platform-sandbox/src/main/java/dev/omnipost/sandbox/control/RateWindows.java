package dev.omnipost.sandbox.control;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/**
 * Fixed rate-limit windows by key (a token and an endpoint group, say), for simulated platforms
 * that count calls per window: the first call opens a window of {@code window}, the {@code
 * limit}+1st call inside it is over the limit. {@code POST /_sandbox/reset} closes every window.
 */
@Component
public class RateWindows implements Resettable {

  private final Clock clock;
  private final Map<String, Window> windows = new ConcurrentHashMap<>();

  RateWindows(Clock clock) {
    this.clock = clock;
  }

  /** Counts one call under {@code key}; the answer says what the rate headers should say. */
  public Usage hit(String key, int limit, Duration window) {
    Instant now = clock.instant();
    Window current =
        windows.compute(
            key,
            (k, open) ->
                open == null || !now.isBefore(open.resetsAt())
                    ? new Window(now.plus(window), 1)
                    : new Window(open.resetsAt(), open.calls() + 1));
    return new Usage(
        limit, Math.max(0, limit - current.calls()), current.resetsAt(), current.calls() > limit);
  }

  @Override
  public void reset() {
    windows.clear();
  }

  private record Window(Instant resetsAt, int calls) {}

  /** One window's state after a call: {@code exceeded} when the call was over the limit. */
  public record Usage(int limit, int remaining, Instant resetsAt, boolean exceeded) {}
}

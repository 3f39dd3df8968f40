package dev.omnipost.sandbox.mastodon;

import dev.omnipost.sandbox.SandboxProperties;
import dev.omnipost.sandbox.control.Resettable;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/** Mastodon's per-token limit (300 calls per 5 minutes), in fixed windows. */
@Component
class MastodonRateLimiter implements Resettable {

  /** Mastodon writes times (reset, created_at) as ISO 8601 UTC with milliseconds. */
  static final DateTimeFormatter RESET_FORMAT =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

  private final SandboxProperties.Mastodon settings;
  private final Clock clock;
  private final Map<String, Window> windows = new ConcurrentHashMap<>();

  MastodonRateLimiter(SandboxProperties properties, Clock clock) {
    this.settings = properties.mastodon();
    this.clock = clock;
  }

  /** Counts one call of the token; the answer carries the headers to send. */
  Usage hit(String token) {
    Instant now = clock.instant();
    Window window =
        windows.compute(
            token,
            (t, current) -> {
              if (current == null || !now.isBefore(current.resetsAt())) {
                return new Window(now.plus(settings.rateLimitWindow()), 1);
              }
              return new Window(current.resetsAt(), current.calls() + 1);
            });
    int remaining = Math.max(0, settings.rateLimit() - window.calls());
    return new Usage(
        settings.rateLimit(), remaining, window.resetsAt(), window.calls() > settings.rateLimit());
  }

  @Override
  public void reset() {
    windows.clear();
  }

  private record Window(Instant resetsAt, int calls) {}

  record Usage(int limit, int remaining, Instant resetsAt, boolean exceeded) {

    String resetHeader() {
      return RESET_FORMAT.format(resetsAt);
    }
  }
}

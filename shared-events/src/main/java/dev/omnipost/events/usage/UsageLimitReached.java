package dev.omnipost.events.usage;

import java.time.Instant;

/**
 * A workspace's use of a quota reached 80 % or 100 % of its limit; announced once per threshold and
 * period, with the write that crossed it.
 *
 * @param thresholdPercent 80 or 100
 * @param resetsAt when a monthly quota starts again from zero; null for standing quotas (media
 *     storage, webhook endpoints, API keys), which go down only when something is deleted
 */
public record UsageLimitReached(
    String quota, int thresholdPercent, long limit, long used, Instant resetsAt)
    implements UsageEvent {

  public static final String TYPE = "usage.limit_reached";

  @Override
  public String type() {
    return TYPE;
  }
}

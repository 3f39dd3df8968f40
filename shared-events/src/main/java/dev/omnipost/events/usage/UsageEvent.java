package dev.omnipost.events.usage;

import dev.omnipost.events.DomainEvent;

/** Facts about a workspace's use of its plan's quotas. */
public sealed interface UsageEvent extends DomainEvent permits UsageLimitReached {

  /** The quota, e.g. {@code posts_per_month}, as {@code GET /v1/usage} names it. */
  String quota();
}

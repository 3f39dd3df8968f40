package dev.omnipost.persistence.posts;

import java.util.Collection;
import java.util.Locale;

/** A post's status, always derived from its targets' statuses so the two can never disagree. */
public enum PostStatus {
  DRAFT,
  SCHEDULED,
  PUBLISHING,
  PUBLISHED,
  PARTIALLY_PUBLISHED,
  FAILED,
  CANCELED;

  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static PostStatus fromId(String id) {
    return valueOf(id.toUpperCase(Locale.ROOT));
  }

  /** Whether the post has reached an outcome that is announced with a post-level event. */
  public boolean isOutcome() {
    return this == PUBLISHED || this == PARTIALLY_PUBLISHED || this == FAILED;
  }

  /**
   * The post's status given its targets': still publishing while any target is waiting or in
   * flight; otherwise published, partially published or failed by how many targets made it. An
   * unconfirmed target counts as not published until someone confirms it.
   */
  public static PostStatus fromTargets(Collection<TargetStatus> targets) {
    if (targets.isEmpty()) {
      throw new IllegalArgumentException("a post has at least one target");
    }
    if (targets.stream().allMatch(s -> s == TargetStatus.DRAFT)) {
      return DRAFT;
    }
    if (targets.stream().allMatch(s -> s == TargetStatus.CANCELED)) {
      return CANCELED;
    }
    if (targets.stream().allMatch(s -> s == TargetStatus.SCHEDULED || s == TargetStatus.CANCELED)) {
      return SCHEDULED;
    }
    if (!targets.stream().allMatch(TargetStatus::isSettled)) {
      return PUBLISHING;
    }
    long published =
        targets.stream()
            .filter(s -> s == TargetStatus.PUBLISHED || s == TargetStatus.DELETED)
            .count();
    long live = targets.stream().filter(s -> s != TargetStatus.CANCELED).count();
    if (published == live) {
      return PUBLISHED;
    }
    return published == 0 ? FAILED : PARTIALLY_PUBLISHED;
  }
}

package dev.omnipost.gateway.posts;

import java.time.Instant;
import java.util.List;

/** A post as the API shows it, with one entry per account it goes to. */
record PostView(
    String id,
    String status,
    String text,
    List<String> accountIds,
    List<String> mediaIds,
    Instant scheduledAt,
    Instant createdAt,
    Instant updatedAt,
    List<TargetView> targets) {

  /**
   * One account's copy of the post and how publishing it went. {@code scheduledAt} is when it is
   * due, for a scheduled or queued post (a queued post's targets each have their account's slot);
   * the post's own {@code scheduledAt} is the earliest of them.
   */
  record TargetView(
      String id,
      String accountId,
      String platform,
      String status,
      String text,
      List<String> mediaIds,
      String platformPostId,
      String permalink,
      int attempts,
      TargetError error,
      Instant publishedAt,
      Instant scheduledAt) {}

  /** The platform's own reason a target failed. */
  record TargetError(String code, String message) {}
}

package dev.omnipost.events.posts;

/** Where one target of a post ended up; part of the post-level outcome events. */
public record TargetOutcome(
    String accountId,
    String platform,
    String status,
    String platformPostId,
    String permalink,
    String errorCode,
    String errorMessage) {}

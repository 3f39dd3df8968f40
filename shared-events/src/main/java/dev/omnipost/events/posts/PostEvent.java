package dev.omnipost.events.posts;

import dev.omnipost.events.DomainEvent;

/** Facts about a post and its per-account targets. */
public sealed interface PostEvent extends DomainEvent
    permits PostCreated,
        PostScheduled,
        PostPublished,
        PostPartiallyPublished,
        PostFailed,
        PostTargetPublished,
        PostTargetFailed,
        PostTargetUnconfirmed,
        PostCanceled,
        PostUnpublished {

  /** The post the event is about. */
  String postId();
}

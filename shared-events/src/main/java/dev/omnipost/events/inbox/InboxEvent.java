package dev.omnipost.events.inbox;

import dev.omnipost.events.DomainEvent;

/** Facts about items arriving in the unified inbox. */
public sealed interface InboxEvent extends DomainEvent
    permits CommentReceived,
        MentionReceived,
        InboxActionCompleted,
        InboxActionFailed,
        ReviewReceived,
        MessageReceived {

  String accountId();
}

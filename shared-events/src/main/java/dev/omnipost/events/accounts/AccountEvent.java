package dev.omnipost.events.accounts;

import dev.omnipost.events.DomainEvent;

/** Facts about a connected social account. */
public sealed interface AccountEvent extends DomainEvent
    permits AccountNeedsReconnect, AccountConnected, AccountDisconnected, AccountTokenExpiring {

  String accountId();
}

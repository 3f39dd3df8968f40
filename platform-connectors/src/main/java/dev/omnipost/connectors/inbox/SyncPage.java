package dev.omnipost.connectors.inbox;

import java.util.List;

/**
 * What one sync call read: the items, oldest first, and the cursor to pass next time (the
 * platform's own paging token or the newest id seen; null keeps the previous one).
 */
public record SyncPage<T>(List<T> items, String nextCursor) {

  public SyncPage {
    items = List.copyOf(items);
  }
}

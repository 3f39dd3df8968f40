package dev.omnipost.events.exports;

import dev.omnipost.events.DomainEvent;

/** Facts about exports requested through {@code POST /v1/exports}. */
public sealed interface ExportEvent extends DomainEvent permits ExportCompleted, ExportFailed {

  String exportId();
}

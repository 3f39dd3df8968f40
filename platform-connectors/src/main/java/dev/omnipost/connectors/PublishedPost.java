package dev.omnipost.connectors;

/** Where a published post lives on its platform. */
public record PublishedPost(String platformPostId, String permalink) {}

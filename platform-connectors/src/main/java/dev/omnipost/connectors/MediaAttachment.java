package dev.omnipost.connectors;

/** A media file to attach, at a URL the platform can fetch (Instagram requires a public URL). */
public record MediaAttachment(String url, String contentType, long sizeBytes) {}

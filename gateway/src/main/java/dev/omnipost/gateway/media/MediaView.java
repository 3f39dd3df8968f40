package dev.omnipost.gateway.media;

import java.time.Instant;

/**
 * An uploaded file as the API shows it; {@code url} is public so platforms can fetch it. {@code
 * brandId} null means workspace-wide (visible to unrestricted keys only). For a video, {@code
 * durationMs}, {@code width}, {@code height} and {@code videoCodec} are read from its boxes at
 * upload (null when they could not be read, and for images).
 */
record MediaView(
    String id,
    String brandId,
    String url,
    String contentType,
    long sizeBytes,
    String filename,
    Integer width,
    Integer height,
    Instant createdAt,
    Long durationMs,
    String videoCodec) {}

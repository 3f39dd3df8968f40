package dev.omnipost.gateway.web;

import java.util.List;

/**
 * One page of a list endpoint: {@code {"data": [...], "next_cursor": "…" | null}}. Lists are
 * ordered newest first by (created_at, id) and continue from an opaque {@link Cursor}.
 */
public record Page<T>(List<T> data, String nextCursor) {}

package dev.omnipost.gateway.posts;

/** The body of {@code POST /v1/posts/{id}/schedule}; kept as text for a precise 400. */
record ScheduleRequest(String scheduledAt) {}

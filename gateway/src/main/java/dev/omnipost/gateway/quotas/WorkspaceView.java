package dev.omnipost.gateway.quotas;

import java.time.Instant;
import java.util.Map;

/**
 * A workspace with its plan, limits and this period's usage, as {@code GET /v1/workspace} and the
 * operator's {@code PATCH /v1/admin/workspaces/{id}} show it.
 *
 * @param limits every quota's limit by quota id; null is unlimited
 * @param usage every quota's use in its current period by quota id
 * @param rateLimitPerMinute requests per minute for the workspace's keys that set none themselves;
 *     null is the gateway's default
 * @param periodStart the start of the current monthly period (the 1st, 00:00 UTC)
 * @param resetsAt when the monthly quotas start again from zero (the next 1st, 00:00 UTC)
 */
public record WorkspaceView(
    String id,
    String name,
    String plan,
    Map<String, Long> limits,
    Map<String, Long> usage,
    Integer rateLimitPerMinute,
    Instant periodStart,
    Instant resetsAt,
    Instant createdAt) {}

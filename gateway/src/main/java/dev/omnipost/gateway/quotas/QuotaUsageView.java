package dev.omnipost.gateway.quotas;

import java.time.Instant;

/**
 * One quota in {@code GET /v1/usage}.
 *
 * @param limit null is unlimited
 * @param remaining null when unlimited; never negative (an operator may lower a limit below use)
 * @param resetsAt null for standing quotas (media storage, webhook endpoints, API keys)
 */
record QuotaUsageView(Long limit, long used, Long remaining, Instant resetsAt) {}

package dev.omnipost.gateway.posts;

import java.util.List;

/**
 * The optional body of {@code POST /v1/posts/{id}/retry}: which targets to retry; left out, every
 * target that can be retried.
 */
record RetryRequest(List<String> targetIds) {}

package dev.omnipost.gateway.posts;

import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * The body of {@code POST /v1/posts/batch}. Items stay JSON until each is read on its own, so one
 * item of the wrong shape fails alone instead of rejecting the whole batch.
 */
record BatchRequest(List<JsonNode> posts) {}

package dev.omnipost.gateway.ai;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The body of the writing tools ({@code POST /v1/ai/rewrite}, {@code hashtags}, {@code thread},
 * {@code ideas}, {@code optimize}): the text (the topic for ideas), and the platform, mode, tone,
 * count and wait each tool accepts.
 */
record WritingToolRequest(
    String text,
    String topic,
    String platform,
    String mode,
    String tone,
    Integer count,
    @JsonProperty("wait") Integer waitSeconds) {}

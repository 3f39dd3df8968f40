package dev.omnipost.aiworker.providers;

/**
 * One turn of a conversation the user sent instead of a single prompt; role is user or assistant.
 */
public record ChatMessage(String role, String content) {}

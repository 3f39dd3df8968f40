package dev.omnipost.aiworker.generation;

/** An {@code ai_generations} row still waiting for its content. */
record PendingGeneration(
    String id,
    String workspaceId,
    String kind,
    String prompt,
    String messagesJson,
    String platform,
    String mode,
    String tone,
    int credits) {}

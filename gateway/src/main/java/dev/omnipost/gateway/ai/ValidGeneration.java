package dev.omnipost.gateway.ai;

import java.time.Duration;

/** A generation request that passed validation, ready to store. */
record ValidGeneration(
    String prompt,
    String messagesJson,
    String platform,
    String mode,
    String tone,
    String kind,
    int credits,
    Duration waitFor) {}

package dev.omnipost.events.ai;

import dev.omnipost.events.DomainEvent;

/** Facts about AI generations. */
public sealed interface AiGenerationEvent extends DomainEvent
    permits AiGenerationCompleted, AiGenerationFailed {

  String generationId();
}

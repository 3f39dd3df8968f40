package dev.omnipost.events;

/**
 * A business fact in the past tense, published on {@link Topics#EVENTS}, stored in the events log
 * and delivered to webhook subscribers. Each aggregate groups its events under a sealed interface.
 */
public interface DomainEvent extends Message {}

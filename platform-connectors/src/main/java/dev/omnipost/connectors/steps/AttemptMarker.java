package dev.omnipost.connectors.steps;

import java.time.Instant;

/**
 * A create call a step started whose outcome was never recorded: {@code what} is the name the
 * connector gave {@link StepContext#beforeCreate}, {@code at} when the worker stored it.
 */
public record AttemptMarker(String what, Instant at) {}

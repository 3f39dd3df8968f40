package dev.omnipost.sandbox.control;

/**
 * A failure the next calls of an account receive instead of the normal answer.
 *
 * @param body the response body, or null for the platform's documented shape for the status
 */
public record InjectedFailure(int status, String body) {}

package dev.omnipost.connectors.rules;

/**
 * One way a post breaks a platform's rules.
 *
 * @param code machine-readable, e.g. {@code text_too_long}
 * @param message says the limit and the actual value, for API error messages
 */
public record RuleViolation(String code, String message) {}

package dev.omnipost.gateway.web;

/**
 * Proof that a request presented the operator token. Admin handlers declare an {@code Operator}
 * parameter; its resolver verifies the token itself, independently of the authentication filter.
 */
public record Operator() {}

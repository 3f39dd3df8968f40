package dev.omnipost.connectors.oauth;

/**
 * Something a signed-in account must choose before it can publish: a Pinterest board (its default
 * board) or a Google Business Profile location. {@code id} is the platform's id (a board id, a
 * location's {@code accounts/{a}/locations/{l}} name).
 */
public record ConnectOption(String id, String name) {}

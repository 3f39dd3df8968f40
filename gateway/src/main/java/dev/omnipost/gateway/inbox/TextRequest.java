package dev.omnipost.gateway.inbox;

/** The body of a reply, a private reply or a message: {@code {"text": "..."}}. */
record TextRequest(String text) {}

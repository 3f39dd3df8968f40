package dev.omnipost.events;

/**
 * Anything that travels inside a {@link CloudEvent}: a domain event or a command. The type is the
 * CloudEvents {@code type} attribute and, for domain events, the webhook {@code type}.
 */
public interface Message {

  /** The CloudEvents type of this message, e.g. {@code post.published}. */
  String type();
}

package dev.omnipost.connectors.steps;

/**
 * The platform's answer to "does the post of this interrupted attempt exist?", as the reconciler
 * needs it: {@link Found} (record it as published), {@link NotCreated} (the create did not happen,
 * so running the step again cannot double-post) or {@link Unknown} (a person must decide).
 */
public sealed interface PostLookup
    permits PostLookup.Found, PostLookup.NotCreated, PostLookup.Unknown {

  record Found(String platformPostId, String permalink) implements PostLookup {}

  record NotCreated() implements PostLookup {}

  record Unknown(String reason) implements PostLookup {}

  static PostLookup notCreated() {
    return new NotCreated();
  }
}

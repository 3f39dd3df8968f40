package dev.omnipost.sandbox.mastodon;

/** Mastodon would answer 422 with this message. */
class MastodonValidationException extends RuntimeException {

  MastodonValidationException(String message) {
    super(message);
  }
}

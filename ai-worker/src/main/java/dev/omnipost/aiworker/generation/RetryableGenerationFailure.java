package dev.omnipost.aiworker.generation;

import dev.omnipost.aiworker.providers.ProviderException;

/**
 * Thrown out of the listener when the provider failed transiently: the request goes to the next
 * retry topic, and after the last attempt to the dead-letter topic, whose handler fails the
 * generation and refunds it. The generation stays pending meanwhile.
 */
class RetryableGenerationFailure extends RuntimeException {

  RetryableGenerationFailure(String generationId, ProviderException cause) {
    super("generation " + generationId + " failed transiently (" + cause.code() + ")", cause);
  }
}

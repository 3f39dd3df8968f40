package dev.omnipost.sandbox.control;

/** In-memory state that {@code POST /_sandbox/reset} clears. */
public interface Resettable {

  void reset();
}

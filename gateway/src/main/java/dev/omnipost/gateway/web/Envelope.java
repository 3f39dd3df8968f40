package dev.omnipost.gateway.web;

/**
 * The wrapper of every single-resource answer, {@code {"data": {...}}}, so clients always find the
 * payload in the same place and the API can add top-level fields later without breaking them.
 */
public record Envelope<T>(T data) {

  public static <T> Envelope<T> of(T data) {
    return new Envelope<>(data);
  }
}

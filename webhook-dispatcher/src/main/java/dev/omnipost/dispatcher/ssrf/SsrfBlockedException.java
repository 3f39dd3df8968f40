package dev.omnipost.dispatcher.ssrf;

/** A webhook URL the dispatcher refuses to call; the attempt fails with {@code ssrf_blocked}. */
public class SsrfBlockedException extends RuntimeException {

  public SsrfBlockedException(String message) {
    super(message, null, false, false);
  }
}

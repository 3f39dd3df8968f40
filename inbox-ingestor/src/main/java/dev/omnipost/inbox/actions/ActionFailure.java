package dev.omnipost.inbox.actions;

import dev.omnipost.connectors.PlatformException;

/** The codes an inbox action fails with, and the Kafka header that carries one to the DLT. */
public final class ActionFailure {

  /** Carries the last failure's code to the retry and dead-letter topics. */
  public static final String CODE_HEADER = "omnipost-inbox-failure";

  /**
   * A reply whose earlier attempt's outcome was lost (crash, or the result could not be stored):
   * repeating it could answer twice, so it is failed for a person to check on the platform.
   */
  static final String UNCONFIRMED = "inbox.action_unconfirmed";

  static final String UNSUPPORTED = "platform.unsupported_operation";

  /** The comment or account behind the action is gone, or anything else that failed every try. */
  static final String WORKER_ERROR = "worker_error";

  private ActionFailure() {}

  /** The platform failure's code somewhere in {@code exception}'s causes. */
  public static String codeOf(Throwable exception) {
    for (Throwable cause = exception; cause != null; cause = cause.getCause()) {
      if (cause instanceof PlatformException platform) {
        return platform.code();
      }
    }
    return WORKER_ERROR;
  }
}

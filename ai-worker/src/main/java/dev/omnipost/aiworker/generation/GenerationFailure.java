package dev.omnipost.aiworker.generation;

import dev.omnipost.aiworker.providers.ProviderException;
import java.util.Map;

/**
 * The stable codes a generation fails with and the fixed text the tenant reads for each: never the
 * provider's own words, which stay in the operator's log.
 */
public final class GenerationFailure {

  /** The Kafka header that carries a failure's code to the retry and dead-letter topics. */
  public static final String CODE_HEADER = "omnipost-ai-failure";

  /** Pending longer than {@code omnipost.ai.pending-timeout}; failed by the sweeper. */
  static final String TIMED_OUT = "generation_timed_out";

  /** Anything else that made every attempt fail (the database, a bug). */
  static final String WORKER_ERROR = "worker_error";

  private static final Map<String, String> MESSAGES =
      Map.of(
          "provider_rate_limited",
          "The AI provider is limiting requests right now; try again in a few minutes.",
          "provider_unavailable",
          "The AI provider is unavailable right now; try again later.",
          ProviderException.INVALID_OUTPUT,
          "The AI provider's answer was not in the form asked for, twice; try again.",
          ProviderException.UNSUPPORTED_TYPE,
          "This installation's AI provider does not make images.",
          TIMED_OUT,
          "The generation took too long and was given up; try again.",
          WORKER_ERROR,
          "The generation could not be completed; try again later.");

  private static final String REJECTED =
      "The AI provider declined to generate this content; rephrasing the prompt may help, and the"
          + " operator can see the provider's reason in the ai-worker log.";

  private GenerationFailure() {}

  /** What the tenant is told for {@code code}. */
  static String messageFor(String code) {
    return MESSAGES.getOrDefault(code, REJECTED);
  }

  /** The code of the failure somewhere in {@code exception}'s causes. */
  public static String codeOf(Throwable exception) {
    for (Throwable cause = exception; cause != null; cause = cause.getCause()) {
      if (cause instanceof ProviderException provider) {
        return provider.code();
      }
    }
    return WORKER_ERROR;
  }
}

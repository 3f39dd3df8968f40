package dev.omnipost.gateway.ratelimit;

/** The per-client-address limits, each with its own rate ({@link RateLimitProperties}). */
public enum AddressBudget {
  /** Public routes (health, OpenAPI, media) and paths outside the API. */
  PUBLIC,
  /** The operator's {@code /v1/admin/**} routes. */
  OPERATOR,
  /** Requests without a usable API key, charged before the key is looked up. */
  UNAUTHENTICATED;

  int perMinute(RateLimitProperties properties) {
    return switch (this) {
      case PUBLIC -> properties.publicPerMinute();
      case OPERATOR -> properties.operatorPerMinute();
      case UNAUTHENTICATED -> properties.unauthenticatedPerMinute();
    };
  }

  String describe() {
    return switch (this) {
      case PUBLIC -> "public routes from this address";
      case OPERATOR -> "operator routes from this address";
      case UNAUTHENTICATED -> "requests without a valid API key from this address";
    };
  }
}

package dev.omnipost.gateway.web;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a handler that answers without any credential. Routes are private by default: a handler
 * with none of {@code @PublicRoute}, {@link RequiresScope} or {@link OperatorRoute} is refused to
 * everyone, and {@code RouteSecurityTests} names every public route explicitly.
 */
@Documented
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
public @interface PublicRoute {

  /** Why this route may be public (for the reviewer, not for the client). */
  String value();
}

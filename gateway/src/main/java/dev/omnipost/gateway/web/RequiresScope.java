package dev.omnipost.gateway.web;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The API key scope a handler needs (one of {@link Scopes}). The authentication filter enforces it
 * before the handler runs (403 {@code auth.forbidden_scope}); a handler that needs a further scope
 * depending on the request (publishing needs {@code posts:publish}, a draft does not) checks that
 * one itself with {@link Caller#requireScope}. {@link Scopes#ANY_KEY} admits any valid API key of
 * the workspace, whatever its scopes.
 */
@Documented
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
public @interface RequiresScope {

  String value();
}

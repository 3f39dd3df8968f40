package dev.omnipost.gateway.web;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a handler of the operator's API ({@code /v1/admin/**}): it needs the operator token, never
 * an API key. The filter checks the token, and the handler checks it again by declaring an {@link
 * Operator} parameter, so neither check alone guards the route.
 */
@Documented
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
public @interface OperatorRoute {}

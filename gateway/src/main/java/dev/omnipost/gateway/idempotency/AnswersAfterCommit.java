package dev.omnipost.gateway.idempotency;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a POST handler whose effect must commit before it can answer (it waits for a worker that
 * reads the committed row, or streams an upload for as long as the client sends), so an {@code
 * Idempotency-Key} cannot hold one transaction around it. Instead the key is reserved in its own
 * short transaction with a lease: a concurrent request with the key gets 409 {@code
 * idempotency.in_progress}, the answer is stored when the handler finishes, and a failure releases
 * the key. If the gateway dies between the effect and the answer, the key is taken over once the
 * lease ends, so the request can run a second time: use this only where that is harmless.
 */
@Documented
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
public @interface AnswersAfterCommit {

  /** Why the handler cannot run inside the request's transaction. */
  String value();

  /** How long a reservation blocks other requests with its key; longer than the handler runs. */
  int leaseSeconds() default 120;
}

package dev.omnipost.persistence.tracing;

import dev.omnipost.persistence.logging.ServiceLogContext;
import io.micrometer.observation.Observation;
import io.micrometer.observation.contextpropagation.ObservationThreadLocalAccessor;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.TraceContext;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.handler.TracingObservationHandler;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.slf4j.MDC;
import reactor.util.context.ContextView;

/**
 * The W3C trace context ({@code traceparent}) of the work in hand, for the places where work leaves
 * a thread: an outbox row, a Kafka record header, a platform or webhook HTTP request (ADR 26). A
 * {@code traceparent} is {@code 00-<32 hex trace id>-<16 hex span id>-<2 hex flags>}; it is written
 * here directly, whatever propagation format the service's tracer is set to, because it is stored
 * and must stay readable by every version of every service.
 */
public final class TraceContexts {

  /** The header (HTTP and Kafka) and the column name. */
  public static final String TRACEPARENT = "traceparent";

  private static final Pattern W3C =
      Pattern.compile("00-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})");

  private static final TraceContexts NONE = new TraceContexts(Tracer.NOOP, null);

  private final Tracer tracer;
  private final String service;

  /**
   * {@code service}: the name {@link #run} puts in the logging MDC ({@link ServiceLogContext#KEY});
   * null puts none.
   */
  public TraceContexts(Tracer tracer, String service) {
    this.tracer = tracer;
    this.service = service;
  }

  /** Without a tracer: nothing is current, nothing is started. */
  public static TraceContexts none() {
    return NONE;
  }

  /** The {@code traceparent} of this thread's current span, or null. */
  public String current() {
    Span span = tracer.currentSpan();
    return span == null ? null : format(span.context());
  }

  /**
   * The {@code traceparent} of the reactive chain whose context is {@code context}: the span of the
   * observation there (WebFlux puts the server request's observation in it), else this thread's.
   */
  public String in(ContextView context) {
    Object value = context.getOrDefault(ObservationThreadLocalAccessor.KEY, null);
    if (value instanceof Observation observation) {
      TracingObservationHandler.TracingContext tracing =
          observation.getContextView().get(TracingObservationHandler.TracingContext.class);
      if (tracing != null && tracing.getSpan() != null) {
        return format(tracing.getSpan().context());
      }
    }
    return current();
  }

  /**
   * A new span named {@code name}, a child of {@code traceparent} (a new trace when it is null or
   * not a W3C traceparent); started, not in scope. The caller ends it.
   */
  public Span start(String name, String traceparent) {
    Span.Builder builder = tracer.spanBuilder().name(name);
    TraceContext parent = parse(traceparent);
    if (parent != null) {
      builder.setParent(parent);
    } else {
      builder.setNoParent();
    }
    return builder.start();
  }

  /**
   * A new span named {@code name}, a child of this thread's current span (a new trace when none is
   * current); started, not in scope. The caller ends it.
   */
  public Span child(String name) {
    return tracer.nextSpan().name(name).start();
  }

  /**
   * Runs {@code work} in a span named {@code name} that continues {@code traceparent}, in scope on
   * this thread (so log lines carry its ids and outbox rows written meanwhile carry it); ends it.
   */
  public void run(String name, String traceparent, Runnable work) {
    call(
        name,
        traceparent,
        () -> {
          work.run();
          return null;
        });
  }

  /**
   * As {@link #run}, for work with a result: {@code work} may {@link #tag} the span, e.g. with its
   * outcome, while it runs; a failure is recorded on the span and thrown on.
   */
  public <T> T call(String name, String traceparent, Supplier<T> work) {
    Span span = start(name, traceparent);
    if (service != null) {
      MDC.put(ServiceLogContext.KEY, service);
    }
    try (Tracer.SpanInScope scope = tracer.withSpan(span)) {
      return work.get();
    } catch (RuntimeException | Error e) {
      span.error(e);
      throw e;
    } finally {
      span.end();
    }
  }

  /**
   * Tags the span current on this thread (none: nothing). Tags are for low-cardinality facts and
   * ids (an outcome, a platform, a delivery id), never user text, tokens or secrets.
   */
  public void tag(String key, String value) {
    Span span = tracer.currentSpan();
    if (span != null && value != null) {
      span.tag(key, value);
    }
  }

  /** The span in scope on this thread until the returned scope closes. */
  public Tracer.SpanInScope inScope(Span span) {
    return tracer.withSpan(span);
  }

  /** {@code traceparent} of {@code span}, or null for a no-op span. */
  public String of(Span span) {
    return span == null ? null : format(span.context());
  }

  /** Whether {@code value} is a W3C traceparent this class can continue. */
  public static boolean isTraceparent(String value) {
    return value != null && W3C.matcher(value).matches();
  }

  /** The trace id of a traceparent, or null. */
  public static String traceId(String traceparent) {
    var matcher = traceparent == null ? null : W3C.matcher(traceparent);
    return matcher != null && matcher.matches() ? matcher.group(1) : null;
  }

  private TraceContext parse(String traceparent) {
    var matcher = traceparent == null ? null : W3C.matcher(traceparent);
    if (matcher == null || !matcher.matches() || matcher.group(1).matches("0+")) {
      return null;
    }
    return tracer
        .traceContextBuilder()
        .traceId(matcher.group(1))
        .spanId(matcher.group(2))
        .sampled((Integer.parseInt(matcher.group(3), 16) & 1) == 1)
        .build();
  }

  static String format(TraceContext context) {
    if (context == null) {
      return null;
    }
    String traceId = context.traceId();
    String spanId = context.spanId();
    if (traceId == null || spanId == null || traceId.length() != 32 || spanId.length() != 16) {
      return null; // the no-op tracer's empty context
    }
    return "00-"
        + traceId
        + "-"
        + spanId
        + "-"
        + (Boolean.TRUE.equals(context.sampled()) ? "01" : "00");
  }
}

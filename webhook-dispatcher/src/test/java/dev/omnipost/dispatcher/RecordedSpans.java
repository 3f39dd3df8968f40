package dev.omnipost.dispatcher;

import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.trace.ReadWriteSpan;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Every span the context's tracer ended, as the OpenTelemetry SDK hands it to its exporters: a
 * {@link SpanProcessor} bean, which Boot adds to the tracer provider next to the (disabled) OTLP
 * export.
 */
public final class RecordedSpans implements SpanProcessor {

  private final Queue<SpanData> ended = new ConcurrentLinkedQueue<>();

  /** The ended spans named {@code name}, oldest first. */
  public List<SpanData> named(String name) {
    return ended.stream().filter(s -> s.getName().equals(name)).toList();
  }

  /** The value of attribute {@code key} of {@code span}, or null. */
  public static String attribute(SpanData span, String key) {
    return span.getAttributes().get(io.opentelemetry.api.common.AttributeKey.stringKey(key));
  }

  @Override
  public void onStart(Context parentContext, ReadWriteSpan span) {}

  @Override
  public boolean isStartRequired() {
    return false;
  }

  @Override
  public void onEnd(ReadableSpan span) {
    ended.add(span.toSpanData());
  }

  @Override
  public boolean isEndRequired() {
    return true;
  }
}

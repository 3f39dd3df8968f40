package dev.omnipost.publisher.publishing;

import dev.omnipost.connectors.TransientPlatformException;
import dev.omnipost.publisher.PublisherProperties;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.function.BiFunction;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer.SingleRecordHeader;
import org.springframework.kafka.retrytopic.RetryTopicHeaders;

/**
 * When the next attempt of a target may run. The retry topics give the configured exponential
 * schedule; a platform that asks for more time (a {@code Retry-After}) gets at least that: as a
 * headers function of the retry topics' dead-letter publisher, this replaces the retry record's
 * {@code retry_topic-backoff-timestamp} with the later time, and the retry topic's consumer pauses
 * that partition until then. It never makes a retry earlier than the schedule.
 */
public class RetryDelays implements BiFunction<ConsumerRecord<?, ?>, Exception, Headers> {

  private final PublisherProperties.Retry retry;
  private final Clock clock;

  public RetryDelays(PublisherProperties.Retry retry, Clock clock) {
    this.retry = retry;
    this.clock = clock;
  }

  /** The wait after failed attempt {@code attempt} (1-based), honouring the platform's request. */
  public Duration waitAfter(int attempt, Duration platformRetryAfter) {
    Duration scheduled = retry.delayAfterAttempt(attempt);
    return platformRetryAfter != null && platformRetryAfter.compareTo(scheduled) > 0
        ? platformRetryAfter
        : scheduled;
  }

  /** The attempt a record carries: 1 on the main topic, then 2, 3… on the retry topics. */
  public static int attemptOf(ConsumerRecord<?, ?> record) {
    return attemptOf(record.headers().lastHeader(RetryTopicHeaders.DEFAULT_HEADER_ATTEMPTS));
  }

  static int attemptOf(Header header) {
    if (header == null || header.value() == null) {
      return 1;
    }
    byte[] value = header.value();
    if (value.length == Integer.BYTES) {
      return ByteBuffer.wrap(value).getInt();
    }
    return value.length == 1 ? Byte.toUnsignedInt(value[0]) : 1;
  }

  /** The transient platform failure somewhere in the cause chain, if there is one. */
  public static Optional<TransientPlatformException> transientCause(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof TransientPlatformException transientFailure) {
        return Optional.of(transientFailure);
      }
      if (t.getCause() == t) {
        break;
      }
    }
    return Optional.empty();
  }

  @Override
  public Headers apply(ConsumerRecord<?, ?> record, Exception failure) {
    Headers headers = new RecordHeaders();
    int attempt = attemptOf(record);
    if (attempt >= retry.attempts()) {
      return headers; // going to the dead-letter topic: nothing to delay
    }
    transientCause(failure)
        .map(TransientPlatformException::retryAfter)
        .filter(asked -> asked.compareTo(retry.delayAfterAttempt(attempt)) > 0)
        .ifPresent(
            asked ->
                headers.add(
                    new SingleRecordHeader(
                        RetryTopicHeaders.DEFAULT_HEADER_BACKOFF_TIMESTAMP,
                        BigInteger.valueOf(clock.millis() + asked.toMillis()).toByteArray())));
    return headers;
  }
}

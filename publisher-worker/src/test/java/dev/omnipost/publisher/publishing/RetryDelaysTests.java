package dev.omnipost.publisher.publishing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.omnipost.connectors.Platform;
import dev.omnipost.connectors.TransientPlatformException;
import dev.omnipost.publisher.PublisherProperties;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.listener.ListenerExecutionFailedException;
import org.springframework.kafka.retrytopic.RetryTopicHeaders;

class RetryDelaysTests {

  private static final Instant NOW = Instant.parse("2025-05-01T12:00:00Z");
  private final RetryDelays delays =
      new RetryDelays(
          new PublisherProperties.Retry(4, Duration.ofSeconds(1), 2.0, Duration.ofSeconds(3)),
          Clock.fixed(NOW, ZoneOffset.UTC));

  @Test
  void followsTheExponentialScheduleUpToItsMaximum() {
    assertThat(delays.waitAfter(1, null)).isEqualTo(Duration.ofSeconds(1));
    assertThat(delays.waitAfter(2, null)).isEqualTo(Duration.ofSeconds(2));
    assertThat(delays.waitAfter(3, null)).isEqualTo(Duration.ofSeconds(3));
  }

  @Test
  void waitsAsLongAsThePlatformAsksButNeverLessThanTheSchedule() {
    assertThat(delays.waitAfter(1, Duration.ofSeconds(90))).isEqualTo(Duration.ofSeconds(90));
    assertThat(delays.waitAfter(2, Duration.ofMillis(100))).isEqualTo(Duration.ofSeconds(2));
  }

  @Test
  void movesTheRetryRecordsDueTimeToWhenThePlatformAskedToBeCalledAgain() {
    Headers headers = delays.apply(record(1), failure(Duration.ofSeconds(60)));

    Header due = headers.lastHeader(RetryTopicHeaders.DEFAULT_HEADER_BACKOFF_TIMESTAMP);
    assertThat(new BigInteger(due.value()).longValue())
        .isEqualTo(NOW.plusSeconds(60).toEpochMilli());
  }

  @Test
  void leavesTheScheduleAloneWhenThePlatformAsksForLessOrNothing() {
    assertThat(delays.apply(record(2), failure(Duration.ofMillis(500))).toArray()).isEmpty();
    assertThat(delays.apply(record(1), failure(null)).toArray()).isEmpty();
    assertThat(delays.apply(record(1), new ListenerExecutionFailedException("bug")).toArray())
        .isEmpty();
  }

  @Test
  void addsNothingToARecordOnItsWayToTheDeadLetterTopic() {
    assertThat(delays.apply(record(4), failure(Duration.ofSeconds(60))).toArray()).isEmpty();
  }

  private static ConsumerRecord<String, byte[]> record(int attempt) {
    ConsumerRecord<String, byte[]> record = new ConsumerRecord<>("t", 0, 0, "key", new byte[0]);
    if (attempt > 1) {
      record
          .headers()
          .add(
              RetryTopicHeaders.DEFAULT_HEADER_ATTEMPTS,
              ByteBuffer.allocate(4).putInt(attempt).array());
    }
    return record;
  }

  private static Exception failure(Duration retryAfter) {
    return new ListenerExecutionFailedException(
        "listener failed",
        new TransientPlatformException(
            Platform.MASTODON, 429, "Too many requests", retryAfter, null));
  }
}

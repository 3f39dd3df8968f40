package dev.omnipost.publisher.publishing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.support.Acknowledgment;

class CommittableOffsetsTests {

  private static final TopicPartition P0 = new TopicPartition("omnipost.publish-commands", 0);
  private static final TopicPartition P1 = new TopicPartition("omnipost.publish-commands", 1);

  private final CommittableOffsets offsets = new CommittableOffsets();
  private final List<String> acknowledged = new ArrayList<>();

  @Test
  void commitsNothingWhileTheOldestRecordIsUnfinished() {
    start(P0, 10, 11, 12);

    offsets.finished(P0, 12);
    offsets.finished(P0, 11);

    assertThat(acknowledged).isEmpty();
    assertThat(offsets.unacknowledged()).isEqualTo(3);
  }

  @Test
  void acknowledgesTheLastOfTheFinishedRunOnceTheOldestFinishes() {
    start(P0, 10, 11, 12, 13);
    offsets.finished(P0, 12);
    offsets.finished(P0, 11);

    offsets.finished(P0, 10);

    assertThat(acknowledged).containsExactly("0@12");
    assertThat(offsets.unacknowledged()).isEqualTo(1);
  }

  @Test
  void keepsPartitionsApart() {
    start(P0, 5);
    start(P1, 7);

    offsets.finished(P1, 7);

    assertThat(acknowledged).containsExactly("1@7");
  }

  @Test
  void dropsTheOldBookkeepingWhenAPartitionIsRedeliveredAfterARebalance() {
    start(P0, 20, 21);
    start(P0, 20);

    offsets.finished(P0, 21);
    offsets.finished(P0, 20);

    assertThat(acknowledged).containsExactly("0@20");
    assertThat(offsets.unacknowledged()).isZero();
  }

  private void start(TopicPartition partition, long... records) {
    for (long offset : records) {
      Acknowledgment ack = () -> acknowledged.add(partition.partition() + "@" + offset);
      offsets.started(partition, offset, ack);
    }
  }
}

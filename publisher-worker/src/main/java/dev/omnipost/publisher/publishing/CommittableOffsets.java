package dev.omnipost.publisher.publishing;

import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.common.TopicPartition;
import org.springframework.kafka.support.Acknowledgment;

/**
 * Lets records finish in any order while committing each partition's offset only below its oldest
 * unfinished record: a record's acknowledgement (which commits its offset + 1) is given only once
 * it and every earlier record of its partition are finished. Spring Kafka's own {@code async-acks}
 * does the same bookkeeping but pauses the consumer until a whole poll's records are acknowledged,
 * so one slow account would hold up the partition (measured; see ADR 0004).
 *
 * <p>A record at or below one already seen for its partition means the partition was reassigned and
 * is being redelivered from its committed offset: the old bookkeeping is dropped, and late
 * completions of the old records are ignored.
 */
class CommittableOffsets {

  private final Map<TopicPartition, Partition> partitions = new HashMap<>();

  /** A record was taken from {@code partition} and handed to a lane. */
  synchronized void started(TopicPartition partition, long offset, Acknowledgment ack) {
    Partition state = partitions.computeIfAbsent(partition, p -> new Partition());
    if (offset <= state.highestStarted) {
      state.pending.clear();
    }
    state.highestStarted = offset;
    state.pending.put(offset, new Pending(ack));
  }

  /** The record's work is over; acknowledges the longest finished run from the oldest record. */
  void finished(TopicPartition partition, long offset) {
    Acknowledgment toGive = null;
    synchronized (this) {
      Partition state = partitions.get(partition);
      Pending pending = state == null ? null : state.pending.get(offset);
      if (pending == null) {
        return; // the partition was reassigned meanwhile
      }
      pending.finished = true;
      while (!state.pending.isEmpty() && state.pending.firstEntry().getValue().finished) {
        toGive = state.pending.pollFirstEntry().getValue().ack;
      }
    }
    if (toGive != null) {
      toGive.acknowledge();
    }
  }

  /** Records handed out and not yet acknowledged, over all partitions. */
  synchronized int unacknowledged() {
    return partitions.values().stream().mapToInt(p -> p.pending.size()).sum();
  }

  private static final class Partition {
    private final TreeMap<Long, Pending> pending = new TreeMap<>();
    private long highestStarted = -1;
  }

  private static final class Pending {
    private final Acknowledgment ack;
    private boolean finished;

    Pending(Acknowledgment ack) {
      this.ack = ack;
    }
  }
}

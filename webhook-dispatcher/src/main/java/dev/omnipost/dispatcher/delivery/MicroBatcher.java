package dev.omnipost.dispatcher.delivery;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns many concurrent single-item database calls into few batched ones: one thread takes whatever
 * has queued up (up to {@code maxBatch}) and hands it to the batch function. Idle, an item is
 * handled at once; under load, items wait only for the batch before them, so thousands of
 * deliveries a second cost tens of round trips, not thousands.
 */
final class MicroBatcher<I, O> implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(MicroBatcher.class);

  private final BlockingQueue<Pending<I, O>> queue = new LinkedBlockingQueue<>();
  private final Function<List<I>, List<O>> batchFunction;
  private final int maxBatch;
  private final Thread worker;
  private volatile boolean running = true;

  MicroBatcher(String name, int maxBatch, Function<List<I>, List<O>> batchFunction) {
    this.batchFunction = batchFunction;
    this.maxBatch = maxBatch;
    this.worker = new Thread(this::run, name);
    this.worker.setDaemon(true);
    this.worker.start();
  }

  /** Queues one item; the future completes with its result once its batch ran. */
  CompletableFuture<O> submit(I item) {
    CompletableFuture<O> result = new CompletableFuture<>();
    if (!running) {
      result.completeExceptionally(new IllegalStateException("shutting down"));
      return result;
    }
    queue.add(new Pending<>(item, result));
    return result;
  }

  private void run() {
    List<Pending<I, O>> batch = new ArrayList<>(maxBatch);
    while (running || !queue.isEmpty()) {
      try {
        batch.add(queue.take());
      } catch (InterruptedException e) {
        if (!running) {
          break;
        }
        continue;
      }
      queue.drainTo(batch, maxBatch - 1);
      handle(batch);
      batch.clear();
    }
    queue.forEach(
        p -> p.result().completeExceptionally(new IllegalStateException("shutting down")));
  }

  private void handle(List<Pending<I, O>> batch) {
    try {
      List<O> results = batchFunction.apply(batch.stream().map(Pending::item).toList());
      for (int i = 0; i < batch.size(); i++) {
        batch.get(i).result().complete(results.get(i));
      }
    } catch (RuntimeException e) {
      log.warn("Batch of {} failed in {}: {}", batch.size(), worker.getName(), e.toString());
      batch.forEach(p -> p.result().completeExceptionally(e));
    }
  }

  @Override
  public void close() {
    running = false;
    worker.interrupt();
  }

  private record Pending<I, O>(I item, CompletableFuture<O> result) {}
}

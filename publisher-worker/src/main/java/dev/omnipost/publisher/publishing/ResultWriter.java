package dev.omnipost.publisher.publishing;

import dev.omnipost.connectors.PublishedPost;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.TaskScheduler;

/**
 * Records a post the platform accepted, whatever the database does: a failed write is retried, and
 * if it still cannot be stored the target is marked {@code unconfirmed} with the platform's id
 * kept. It is never marked failed. If even that cannot be written, the create's attempt marker is
 * still on the row: when the lease expires the reconciler resumes the target and the connector's
 * lookup finds the post.
 *
 * <p>The retries are scheduled, never slept on the calling lane thread: the lane goes on with the
 * account's next target while the database recovers.
 */
class ResultWriter {

  private static final Logger log = LoggerFactory.getLogger(ResultWriter.class);

  private final TargetResults results;
  private final List<Duration> pauses;
  private final TaskScheduler scheduler;

  ResultWriter(TargetResults results, List<Duration> pauses, TaskScheduler scheduler) {
    this.results = results;
    this.pauses = List.copyOf(pauses);
    this.scheduler = scheduler;
  }

  void published(PublishJob job, PublishedPost post) {
    store(job, post, 0);
  }

  private void store(PublishJob job, PublishedPost post, int attempt) {
    try {
      results.published(job, post);
      return;
    } catch (RuntimeException e) {
      log.warn(
          "Storing target {} as published ({}) failed, attempt {}: {}",
          job.targetId(),
          post.platformPostId(),
          attempt + 1,
          e.toString());
      if (attempt < pauses.size()) {
        scheduler.schedule(
            () -> store(job, post, attempt + 1), Instant.now().plus(pauses.get(attempt)));
        return;
      }
      keepAsUnconfirmed(job, post, e);
    }
  }

  private void keepAsUnconfirmed(PublishJob job, PublishedPost post, RuntimeException last) {
    try {
      results.unconfirmed(
          job,
          "The platform published this post ("
              + post.platformPostId()
              + ") but Omnipost could not store the result: "
              + last.getMessage(),
          post.platformPostId(),
          post.permalink());
    } catch (RuntimeException e) {
      log.error(
          "Target {} is published as {} but neither that nor 'unconfirmed' could be stored;"
              + " the reconciler will find it on the platform",
          job.targetId(),
          post.platformPostId(),
          e);
    }
  }
}

package dev.omnipost.publisher.publishing;

import dev.omnipost.connectors.PublishedPost;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records a post the platform accepted, whatever the database does: a failed write is retried, and
 * if it still cannot be stored the target is marked {@code unconfirmed} with the platform's id
 * kept. It is never marked failed. If even that cannot be written, the create's attempt marker is
 * still on the row: when the lease expires the reconciler resumes the target and the connector's
 * lookup finds the post.
 */
class ResultWriter {

  private static final Logger log = LoggerFactory.getLogger(ResultWriter.class);

  private final TargetResults results;
  private final List<Duration> pauses;

  ResultWriter(TargetResults results, List<Duration> pauses) {
    this.results = results;
    this.pauses = List.copyOf(pauses);
  }

  void published(PublishJob job, PublishedPost post) {
    RuntimeException last = null;
    for (int attempt = 0; attempt <= pauses.size(); attempt++) {
      try {
        results.published(job, post);
        return;
      } catch (RuntimeException e) {
        last = e;
        log.warn(
            "Storing target {} as published ({}) failed, attempt {}: {}",
            job.targetId(),
            post.platformPostId(),
            attempt + 1,
            e.toString());
        if (attempt < pauses.size()) {
          pause(pauses.get(attempt));
        }
      }
    }
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

  private static void pause(Duration pause) {
    try {
      Thread.sleep(pause.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}

package dev.omnipost.persistence.posts;

import static dev.omnipost.persistence.posts.TargetStatus.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class TargetStatusTests {

  @Test
  void aQueuedTargetCanOnlyStartPublishingOrBeCanceled() {
    assertThat(QUEUED.canMoveTo(PUBLISHING)).isTrue();
    assertThat(QUEUED.canMoveTo(CANCELED)).isTrue();
    assertThat(QUEUED.canMoveTo(PUBLISHED)).isFalse();
  }

  @Test
  void aPublishedTargetCanNeverBePublishedAgain() {
    assertThatThrownBy(() -> PUBLISHED.requireMoveTo(PUBLISHING))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("a target cannot move from published to publishing");
    assertThat(PUBLISHED.canMoveTo(QUEUED)).isFalse();
  }

  @Test
  void onlyFailedOrUnconfirmedTargetsGoBackToTheQueueAfterSettling() {
    assertThat(FAILED.canMoveTo(QUEUED)).isTrue();
    assertThat(UNCONFIRMED.canMoveTo(QUEUED)).isTrue();
    assertThat(CANCELED.canMoveTo(QUEUED)).isFalse();
    assertThat(DELETED.canMoveTo(QUEUED)).isFalse();
  }

  @Test
  void postStatusFollowsItsTargets() {
    assertThat(PostStatus.fromTargets(List.of(PUBLISHED, PUBLISHED)))
        .isEqualTo(PostStatus.PUBLISHED);
    assertThat(PostStatus.fromTargets(List.of(PUBLISHED, FAILED)))
        .isEqualTo(PostStatus.PARTIALLY_PUBLISHED);
    assertThat(PostStatus.fromTargets(List.of(FAILED, UNCONFIRMED))).isEqualTo(PostStatus.FAILED);
    assertThat(PostStatus.fromTargets(List.of(PUBLISHED, PUBLISHING)))
        .isEqualTo(PostStatus.PUBLISHING);
    assertThat(PostStatus.fromTargets(List.of(QUEUED))).isEqualTo(PostStatus.PUBLISHING);
    assertThat(PostStatus.fromTargets(List.of(SCHEDULED, SCHEDULED)))
        .isEqualTo(PostStatus.SCHEDULED);
    assertThat(PostStatus.fromTargets(List.of(CANCELED))).isEqualTo(PostStatus.CANCELED);
    assertThat(PostStatus.fromTargets(List.of(DRAFT))).isEqualTo(PostStatus.DRAFT);
  }

  @Test
  void idsAreTheLowerCaseApiNames() {
    assertThat(UNCONFIRMED.id()).isEqualTo("unconfirmed");
    assertThat(TargetStatus.fromId("publishing")).isEqualTo(PUBLISHING);
    assertThat(PostStatus.PARTIALLY_PUBLISHED.id()).isEqualTo("partially_published");
  }
}

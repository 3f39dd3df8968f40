package dev.omnipost.persistence.posts;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The life of one post target (one account's copy of a post). Every change in the database is a
 * guarded update ({@code UPDATE … SET status = :to WHERE id = :id AND status = :from}) of a move
 * this class allows, so two workers can never both publish the same target.
 */
public enum TargetStatus {
  DRAFT,
  SCHEDULED,
  QUEUED,
  PUBLISHING,
  PUBLISHED,
  FAILED,
  UNCONFIRMED,
  CANCELED,
  DELETED;

  private static final Map<TargetStatus, Set<TargetStatus>> MOVES =
      Map.of(
          DRAFT, EnumSet.of(SCHEDULED, QUEUED, CANCELED),
          SCHEDULED, EnumSet.of(DRAFT, QUEUED, PUBLISHING, CANCELED),
          QUEUED, EnumSet.of(PUBLISHING, CANCELED),
          PUBLISHING, EnumSet.of(PUBLISHED, FAILED, UNCONFIRMED, QUEUED),
          PUBLISHED, EnumSet.of(DELETED),
          FAILED, EnumSet.of(QUEUED),
          UNCONFIRMED, EnumSet.of(PUBLISHED, QUEUED, FAILED),
          CANCELED, EnumSet.noneOf(TargetStatus.class),
          DELETED, EnumSet.noneOf(TargetStatus.class));

  /** The lower-case name used in the API and the database. */
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static TargetStatus fromId(String id) {
    return valueOf(id.toUpperCase(Locale.ROOT));
  }

  public boolean canMoveTo(TargetStatus next) {
    return MOVES.get(this).contains(next);
  }

  /** Throws if the move is not allowed; callers then run the guarded update. */
  public TargetStatus requireMoveTo(TargetStatus next) {
    if (!canMoveTo(next)) {
      throw new IllegalStateException("a target cannot move from " + id() + " to " + next.id());
    }
    return next;
  }

  /** No worker will touch the target again without a user's request (retry, unpublish). */
  public boolean isSettled() {
    return this == PUBLISHED
        || this == FAILED
        || this == UNCONFIRMED
        || this == CANCELED
        || this == DELETED;
  }
}

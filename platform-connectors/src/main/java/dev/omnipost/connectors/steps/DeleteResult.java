package dev.omnipost.connectors.steps;

/**
 * The answer to deleting a published post: {@link Deleted}, {@link AlreadyGone} (deleting twice is
 * not an error) or {@link Unsupported} (the platform's API cannot delete posts; the gateway answers
 * 501 {@code platform.unsupported_operation}).
 */
public sealed interface DeleteResult
    permits DeleteResult.Deleted, DeleteResult.AlreadyGone, DeleteResult.Unsupported {

  record Deleted() implements DeleteResult {}

  record AlreadyGone() implements DeleteResult {}

  record Unsupported(String reason) implements DeleteResult {}
}

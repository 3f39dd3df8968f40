package dev.omnipost.sandbox.control;

import java.util.List;

/** A simulated platform's published posts (and what led to them), for the control API. */
public interface SandboxPostSource {

  String platform();

  /** The platform's posts, oldest first; all accounts when {@code accountId} is null. */
  List<SandboxPost> posts(String accountId);

  /** Media uploads and containers, oldest first; all accounts when {@code accountId} is null. */
  default List<SandboxUpload> uploads(String accountId) {
    return List.of();
  }
}

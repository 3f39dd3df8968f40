package dev.omnipost.sandbox.control;

import java.util.List;

/** A simulated platform's published posts, for the control API. */
public interface SandboxPostSource {

  String platform();

  /** The platform's posts, oldest first; all accounts when {@code accountId} is null. */
  List<SandboxPost> posts(String accountId);
}

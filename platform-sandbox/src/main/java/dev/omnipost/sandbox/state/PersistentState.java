package dev.omnipost.sandbox.state;

/**
 * A simulator store whose state survives a restart when the sandbox has a state directory ({@code
 * omnipost.sandbox.state-dir}). Its collections ({@code Map}, {@code Collection}) and counters
 * ({@code AtomicLong}, {@code AtomicInteger}, {@code AtomicReference}) fields are written, under
 * the store's own lock, to one file; everything they hold must be {@link java.io.Serializable}.
 * Other fields (settings, clocks, random sources, clients) are not state and are left alone.
 */
public interface PersistentState {

  /** The name of its file in the state directory, unique among the stores. */
  String stateName();

  /**
   * The first segment of the paths whose requests may change it ({@code mastodon} for {@code
   * /mastodon/api/...}), or null when any request may (accounts, sign-ins, the control API).
   */
  default String pathSegment() {
    return null;
  }
}

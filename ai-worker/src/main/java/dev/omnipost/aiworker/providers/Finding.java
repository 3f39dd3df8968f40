package dev.omnipost.aiworker.providers;

/**
 * One thing {@code optimize} checked in a post.
 *
 * @param check {@code length}, {@code hashtags} or {@code call_to_action}
 * @param status {@code ok}, or what is wrong: {@code too_long}, {@code too_many}, {@code none},
 *     {@code missing}
 * @param message a sentence for the user
 * @param value what was counted (characters, hashtags); null for the call to action
 * @param limit the platform's limit or the recommended maximum; null where none applies
 */
public record Finding(String check, String status, String message, Integer value, Integer limit) {

  public boolean ok() {
    return "ok".equals(status);
  }
}

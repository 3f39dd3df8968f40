package dev.omnipost.connectors.rules;

/**
 * One thing a platform's rule book says about a post: an {@link Severity#ERROR} the platform would
 * refuse (creating the post answers 400), or a {@link Severity#WARNING} it would accept but handle
 * badly (cropped, rescaled, hidden).
 *
 * @param code stable and machine-readable, e.g. {@code text.too_long} or {@code media.too_large}
 * @param field where in the request: {@code text}, {@code media_ids[1]}, {@code
 *     platform_options.pinterest.board_id}
 * @param message names the limit and the actual value
 * @param limit the limit broken, when there is one number or value to name (else null)
 * @param actual what the post has instead (else null)
 */
public record Finding(
    Severity severity, String code, String field, String message, Object limit, Object actual) {

  public enum Severity {
    ERROR,
    WARNING;

    /** As the API writes it: {@code error} or {@code warning}. */
    public String id() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  static Finding error(String code, String field, String message, Object limit, Object actual) {
    return new Finding(Severity.ERROR, code, field, message, limit, actual);
  }

  static Finding warning(String code, String field, String message, Object limit, Object actual) {
    return new Finding(Severity.WARNING, code, field, message, limit, actual);
  }

  public boolean isError() {
    return severity == Severity.ERROR;
  }
}

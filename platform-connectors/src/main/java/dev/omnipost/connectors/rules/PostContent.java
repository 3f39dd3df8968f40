package dev.omnipost.connectors.rules;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One account's copy of a post as the rule book checks it.
 *
 * @param text the text that account gets (after overrides)
 * @param media its attachments, in order
 * @param options the post's {@code platform_options} for this platform (values as JSON would give
 *     them: strings, numbers, booleans, maps, lists)
 * @param accountDefaults names of options the account supplies itself when the post does not (a
 *     Pinterest account's default {@code board_id})
 */
public record PostContent(
    String text, List<MediaFacts> media, Map<String, Object> options, Set<String> accountDefaults) {

  public PostContent {
    text = text == null ? "" : text;
    media = media == null ? List.of() : List.copyOf(media);
    options = options == null ? Map.of() : options;
    accountDefaults = accountDefaults == null ? Set.of() : Set.copyOf(accountDefaults);
  }

  public static PostContent of(String text, List<MediaFacts> media) {
    return new PostContent(text, media, Map.of(), Set.of());
  }

  /** An option's value as text, or null when absent or blank. */
  String option(String name) {
    Object value = options.get(name);
    if (value == null) {
      return null;
    }
    String text = String.valueOf(value);
    return text.isBlank() ? null : text;
  }
}
